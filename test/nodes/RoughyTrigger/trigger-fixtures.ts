import type { IDataObject, INode } from 'n8n-workflow';

import type { RunningEmulator } from '../../../emulator';
import type { WebhookEventType } from '../../../nodes/shared/types';
import { NODE_TYPES } from '../../harness';

/** A Roughy Trigger as a user configures it; `webhookId` is what n8n puts in its URL. */
export function triggerNode(parameters: IDataObject = {}, overrides: Partial<INode> = {}): INode {
	return {
		id: 'roughy-trigger',
		name: 'Roughy Trigger',
		type: NODE_TYPES.roughyTrigger,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'our-trigger',
		parameters: { events: ['asset.ready'], ...parameters },
		...overrides,
	};
}

export interface EndpointView {
	id: string;
	url: string;
	event_types: string[];
}

/** The account's endpoints as Roughy lists them. */
export function endpointsOf(emulator: RunningEmulator): EndpointView[] {
	return emulator.control.snapshot().webhook_endpoints as EndpointView[];
}

/** An endpoint someone else registered (another workflow, or a leftover), straight through the API. */
export async function registerEndpointDirectly(
	emulator: RunningEmulator,
	url: string,
	eventTypes: WebhookEventType[] = ['asset.ready'],
): Promise<EndpointView & { secret: string }> {
	const response = await fetch(`${emulator.url}/v1/webhook-endpoints`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${emulator.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ url, event_types: eventTypes }),
	});
	if (response.status !== 201) throw new Error(`Registering ${url} failed: HTTP ${response.status}`);
	return (await response.json()) as EndpointView & { secret: string };
}

/** Requests the trigger made to the webhook endpoint API, as "METHOD path". */
export function endpointCalls(emulator: RunningEmulator): string[] {
	return emulator.requests
		.filter((request) => request.path.startsWith('/v1/webhook-endpoints'))
		.map((request) => `${request.method} ${request.path}`);
}
