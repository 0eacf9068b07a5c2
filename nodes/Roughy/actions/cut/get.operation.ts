import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getResourceId, resourceLocator } from '../../fields/locator';
import { readCut } from './cut.api';

export const description: INodeProperties[] = [resourceLocator('cut')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'cut', itemIndex);
	return [{ json: { ...(await readCut(this, id, itemIndex)) } }];
}
