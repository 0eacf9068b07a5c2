import type { DeliveryRecord, RunningEmulator } from '../../../emulator';

/**
 * Roughy's `render.completed` deliveries, signed by the emulator with the
 * endpoint's own secret as Svix signs them, sent where a test says: the
 * endpoint's URL (the webhook process) or another n8n process serving the
 * same workflow.
 */
export interface RenderCompleted {
	/** The svix-id: what Svix keeps when it re-delivers. */
	msgId: string;
	render: { id: string; asset_id: string };
	/** Default: the URL the endpoint is registered for. */
	url?: string;
}

export async function deliverRenderCompleted(emulator: RunningEmulator, endpointId: string, delivery: RenderCompleted): Promise<DeliveryRecord> {
	return await emulator.control.sendWebhook({
		endpointId,
		url: delivery.url,
		msgId: delivery.msgId,
		type: 'render.completed',
		data: { entity_id: delivery.render.id, asset_id: delivery.render.asset_id },
	});
}

/** Runs `send` for 0…count-1 with at most `concurrency` in flight; results in index order. */
export async function sendBounded<T>(count: number, concurrency: number, send: (index: number) => Promise<T>): Promise<T[]> {
	const results: T[] = new Array(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await send(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
	return results;
}

export function isSuccess(record: DeliveryRecord): boolean {
	return record.status !== null && record.status >= 200 && record.status < 300;
}
