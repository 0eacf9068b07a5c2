import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequestAllItems } from '../../../shared/transport';
import type { LedgerEntry } from '../../../shared/types';
import { getListSelection, returnAllOrLimit } from '../../fields/list';

export const description: INodeProperties[] = [...returnAllOrLimit];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = getListSelection(this, itemIndex);
	const entries = await roughyApiRequestAllItems<LedgerEntry>(
		this,
		{ path: '/v1/credits/history', itemIndex },
		{ returnAll, limit },
	);
	return entries.map((entry) => ({ json: { ...entry } }));
}
