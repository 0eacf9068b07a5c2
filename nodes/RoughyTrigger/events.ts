import type { INodePropertyOptions } from 'n8n-workflow';

import type { WebhookEventType } from '../shared/types';

/** Every event in Roughy's catalogue (REFERENCE §11), as the Events picker shows them. */
const EVENTS: Record<WebhookEventType, { name: string; description: string }> = {
	'asset.ready': {
		name: 'Asset Ready',
		description: 'An uploaded asset was processed and can be cut and rendered',
	},
	'asset.pending_payment': {
		name: 'Asset Pending Payment',
		description: 'An asset was processed, but the credit balance did not cover it',
	},
	'asset.failed': {
		name: 'Asset Failed',
		description: 'Roughy could not process an uploaded asset',
	},
	'cut.completed': {
		name: 'Cut Completed',
		description: 'A cut finished and can be exported or rendered',
	},
	'cut.failed': {
		name: 'Cut Failed',
		description: 'A cut could not be computed',
	},
	'render.completed': {
		name: 'Render Completed',
		description: 'A render finished and its file can be downloaded',
	},
	'render.failed': {
		name: 'Render Failed',
		description: 'A render could not be finished',
	},
	'render.cancelled': {
		name: 'Render Cancelled',
		description: 'A render was cancelled before it finished',
	},
};

export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(EVENTS).map(
	([value, { name, description }]) => ({ name, value, description }),
);
