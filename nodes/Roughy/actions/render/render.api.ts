import type { IExecuteFunctions } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { RenderDetail } from '../../../shared/types';

/** The render detail, with a fresh short-lived download_url once completed. */
export async function readRender(
	context: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<RenderDetail> {
	return await roughyApiRequest<RenderDetail>(context, {
		method: 'GET',
		path: `/v1/renders/${id}`,
		subject: `render ${id}`,
		itemIndex,
	});
}

/** Roughy reports a cancellation as `cancelled`, or as `failed` with the code `cancelled`. */
export function isCancelled(render: { state: string; error_code?: string | null }): boolean {
	return render.state === 'cancelled' || (render.state === 'failed' && render.error_code === 'cancelled');
}
