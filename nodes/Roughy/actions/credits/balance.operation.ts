import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { CreditBalance } from '../../../shared/types';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const balance = await roughyApiRequest<CreditBalance>(this, {
		method: 'GET',
		path: '/v1/credits/balance',
		itemIndex,
	});
	return [{ json: { ...balance } }];
}
