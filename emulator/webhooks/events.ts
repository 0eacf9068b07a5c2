import type { WebhookEventType } from '../model';

/** `data` of a Roughy event: ids only; clients re-read the resource. */
export interface EventData {
	entity_id: string;
	asset_id?: string;
	previous_state?: string;
	[key: string]: unknown;
}

/** Where lifecycle code reports terminal states; the webhook dispatcher delivers them. */
export interface EventSink {
	emit(type: WebhookEventType, data: EventData): void;
}
