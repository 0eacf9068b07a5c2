import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getResourceId, resourceLocator } from '../../fields/locator';
import { readAsset } from './asset.api';

export const description: INodeProperties[] = [resourceLocator('asset')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'asset', itemIndex);
	const asset = await readAsset(this, id, itemIndex);
	return [{ json: { ...asset } }];
}
