import type { EmulatorCore } from '../core';
import { ApiError, notFound, validationError } from '../errors';
import { readJsonBody } from '../http/json-body';
import { paginate, readPageRequest } from '../http/pagination';
import { emptyResponse, jsonResponse } from '../http/response';
import type { Route } from '../http/router';
import { validateBody } from '../http/validate-body';
import { opaqueId } from '../ids';
import type { WebhookEndpointRecord, WebhookEventType } from '../model';
import { newWebhookSecret } from '../webhooks/secrets';
import { isLoopbackHttpUrl } from '../webhooks/url-policy';

interface EndpointCreateBody {
	url: string;
	event_types: WebhookEventType[];
	description?: string | null;
}

export function presentEndpoint(endpoint: WebhookEndpointRecord) {
	const { id, url, event_types, description } = endpoint;
	return { id, url, event_types: [...event_types], description };
}

/**
 * The contract's schema requires https://. Loopback http is the emulator's
 * one exception, so that single pattern failure is forgiven for it.
 */
function validateEndpointCreate(raw: unknown): EndpointCreateBody {
	try {
		return validateBody<EndpointCreateBody>('WebhookEndpointCreate', raw);
	} catch (error) {
		if (!(error instanceof ApiError) || !error.fields) throw error;
		const url = (raw as { url?: unknown }).url;
		const loopback = typeof url === 'string' && isLoopbackHttpUrl(url);
		const fields = error.fields
			.filter((field) => !(loopback && field.field === 'body.url' && field.message.startsWith('String should match pattern')))
			.map((field) =>
				field.field === 'body.url' && field.message.startsWith('String should match pattern')
					? { field: field.field, message: 'URL must use HTTPS' }
					: field,
			);
		if (fields.length > 0) throw validationError(fields);
		return raw as EndpointCreateBody;
	}
}

export function webhookEndpointRoutes(core: EmulatorCore): Route[] {
	const find = (id: string) => {
		const endpoint = core.state.endpoints.get(id);
		if (!endpoint) throw notFound('Webhook endpoint');
		return endpoint;
	};

	return [
		{
			method: 'POST',
			template: '/v1/webhook-endpoints',
			authenticated: true,
			handler: async (ctx) => {
				const body = validateEndpointCreate(await readJsonBody(ctx));
				const endpoint: WebhookEndpointRecord = {
					id: opaqueId('ep'),
					url: body.url,
					event_types: [...body.event_types],
					description: body.description ?? null,
					created_at: core.clock.timestamp(),
					secrets: [{ key: newWebhookSecret(), retiresAtMs: null }],
				};
				core.state.endpoints.set(endpoint.id, endpoint);
				// The secret in the create response is an emulator decision (see contract/DECISIONS.md).
				return jsonResponse(201, { ...presentEndpoint(endpoint), secret: endpoint.secrets[0].key });
			},
		},
		{
			method: 'GET',
			template: '/v1/webhook-endpoints',
			authenticated: true,
			handler: (ctx) => jsonResponse(200, paginate(core.state.endpoints.values(), readPageRequest(ctx.query), presentEndpoint)),
		},
		{
			method: 'DELETE',
			template: '/v1/webhook-endpoints/{endpoint_id}',
			authenticated: true,
			handler: (ctx) => {
				core.state.endpoints.delete(find(ctx.params.endpoint_id).id);
				return emptyResponse(204);
			},
		},
		{
			method: 'GET',
			template: '/v1/webhook-endpoints/{endpoint_id}/secret',
			authenticated: true,
			handler: (ctx) => jsonResponse(200, { key: find(ctx.params.endpoint_id).secrets[0].key }),
		},
	];
}
