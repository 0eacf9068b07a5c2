import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { RenderDetail } from '../../../shared/types';
import { getResourceId } from '../../helpers/parameters';
import { resourceLocator } from '../common.descriptions';

export const description: INodeProperties[] = [resourceLocator('render')];

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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'render', itemIndex);
	const render = await readRender(this, id, itemIndex);
	return [{ json: { ...render, output: { ...render.output } } }];
}
