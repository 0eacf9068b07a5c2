import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { Cut } from '../../../shared/types';
import { getResourceId } from '../../helpers/parameters';
import { resourceLocator } from '../common.descriptions';

export const description: INodeProperties[] = [resourceLocator('cut')];

export async function readCut(context: IExecuteFunctions, id: string, itemIndex: number): Promise<Cut> {
	return await roughyApiRequest<Cut>(context, {
		method: 'GET',
		path: `/v1/cuts/${id}`,
		subject: `cut ${id}`,
		itemIndex,
	});
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'cut', itemIndex);
	return [{ json: { ...(await readCut(this, id, itemIndex)) } }];
}
