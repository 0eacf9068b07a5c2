import type { EmulatorCore } from '../core';
import { jsonResponse } from '../http/response';
import type { Route } from '../http/router';

export function userRoutes(core: EmulatorCore): Route[] {
	return [
		{
			method: 'GET',
			template: '/v1/users/me',
			authenticated: true,
			handler: () => jsonResponse(200, { ...core.state.user }),
		},
	];
}
