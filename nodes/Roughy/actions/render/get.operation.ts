import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getResourceId, resourceLocator } from '../../fields/locator';
import { readRender } from './render.api';

export const description: INodeProperties[] = [resourceLocator('render')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'render', itemIndex);
	const render = await readRender(this, id, itemIndex);
	return [{ json: { ...render, output: { ...render.output } } }];
}
