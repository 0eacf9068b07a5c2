import type { EmulatorCore } from './core';
import { Router } from './http/router';
import { assetRoutes } from './resources/assets';
import { creditRoutes } from './resources/credits';
import { cutRoutes } from './resources/cuts';
import { projectRoutes } from './resources/projects';
import { renderRoutes } from './resources/renders';
import { userRoutes } from './resources/users';
import { webhookEndpointRoutes } from './resources/webhook-endpoints';
import { uploadRoutes } from './uploads/routes';

/** Every /v1 operation of the contract. */
export function buildApiRouter(core: EmulatorCore): Router {
	const router = new Router();
	for (const route of [
		...projectRoutes(core),
		...assetRoutes(core),
		...uploadRoutes(core),
		...cutRoutes(core),
		...renderRoutes(core),
		...webhookEndpointRoutes(core),
		...creditRoutes(core),
		...userRoutes(core),
	]) {
		router.add(route);
	}
	return router;
}
