import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { asNodeError } from '../shared/node-errors';
import { roughyApiRequest, roughyStatus } from '../shared/transport';

/** Where each event family's entity is read (`asset.ready` → the asset, …). */
const RESOURCE_PATHS: Record<string, string> = {
	asset: '/v1/assets',
	cut: '/v1/cuts',
	render: '/v1/renders',
};

/** `asset`, `cut` or `render` for a known event type, otherwise undefined. */
export function entityTypeOf(eventType: string): string | undefined {
	const family = eventType.split('.')[0];
	return family in RESOURCE_PATHS ? family : undefined;
}

/**
 * Reads the entity an event is about, since event data carries ids only.
 * Returns null when Roughy no longer has it (deleted since the event fired).
 */
export async function fetchEventEntity(
	context: IWebhookFunctions,
	entityType: string,
	entityId: string,
): Promise<IDataObject | null> {
	try {
		return await roughyApiRequest<IDataObject>(context, {
			method: 'GET',
			path: `${RESOURCE_PATHS[entityType]}/${encodeURIComponent(entityId)}`,
			subject: `${entityType} ${entityId}`,
			// Roughy's webhook sender is waiting for our answer; if Roughy can't
			// be read now, a quick 503 lets it redeliver later instead.
			retries: 'quick',
		});
	} catch (error) {
		if (roughyStatus(error) === 404) return null;
		throw asNodeError(context.getNode(), error);
	}
}
