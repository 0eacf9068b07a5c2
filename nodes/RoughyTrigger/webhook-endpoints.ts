import { asNodeError } from '../shared/node-errors';
import {
	MAX_PAGE_SIZE,
	roughyApiRequest,
	roughyStatus,
	type RoughyFunctions,
	type RoughyRequest,
} from '../shared/transport';
import type { Page, WebhookEndpoint, WebhookEndpointCreated, WebhookEventType } from '../shared/types';

/** Roughy's webhook endpoint calls (REFERENCE §11), as the trigger uses them. */

const ENDPOINTS_PATH = '/v1/webhook-endpoints';

function endpointPath(id: string): string {
	return `${ENDPOINTS_PATH}/${encodeURIComponent(id)}`;
}

/**
 * Every endpoint of the account. The list's shape is not documented: our
 * contract pages it like every other list, but a bare array is accepted too.
 */
export async function listWebhookEndpoints(context: RoughyFunctions): Promise<WebhookEndpoint[]> {
	const endpoints: WebhookEndpoint[] = [];
	for (let offset = 0; ; ) {
		const page = await roughyApiRequest<Page<WebhookEndpoint> | WebhookEndpoint[]>(context, {
			method: 'GET',
			path: ENDPOINTS_PATH,
			qs: { limit: MAX_PAGE_SIZE, offset },
			subject: 'webhook endpoints',
		});
		if (Array.isArray(page)) return page;
		const items = Array.isArray(page?.items) ? page.items : [];
		endpoints.push(...items);
		offset += items.length;
		const total = typeof page?.total === 'number' ? page.total : offset;
		if (items.length === 0 || offset >= total) return endpoints;
	}
}

export async function createWebhookEndpoint(
	context: RoughyFunctions,
	body: { url: string; event_types: WebhookEventType[]; description: string },
): Promise<WebhookEndpointCreated> {
	return await roughyApiRequest<WebhookEndpointCreated>(context, {
		method: 'POST',
		path: ENDPOINTS_PATH,
		body,
		subject: 'webhook endpoint',
	});
}

/** Removes an endpoint; one that is already gone counts as removed. */
export async function deleteWebhookEndpoint(context: RoughyFunctions, id: string): Promise<void> {
	try {
		await roughyApiRequest<unknown>(context, {
			method: 'DELETE',
			path: endpointPath(id),
			subject: `webhook endpoint ${id}`,
		});
	} catch (error) {
		if (roughyStatus(error) !== 404) throw asNodeError(context.getNode(), error);
	}
}

/**
 * The endpoint's signing secret from `GET …/{id}/secret`, which Roughy does
 * not document: an API without it (404, 405, 501) just gives us nothing.
 */
export async function fetchWebhookEndpointSecret(
	context: RoughyFunctions,
	id: string,
	retries: RoughyRequest['retries'] = 'default',
): Promise<string | undefined> {
	try {
		const response = await roughyApiRequest<{ key?: unknown }>(context, {
			method: 'GET',
			path: `${endpointPath(id)}/secret`,
			subject: `webhook endpoint ${id}`,
			retries,
		});
		return typeof response?.key === 'string' && response.key !== '' ? response.key : undefined;
	} catch (error) {
		const status = roughyStatus(error);
		if (status === 404 || status === 405 || status === 501) return undefined;
		throw asNodeError(context.getNode(), error);
	}
}
