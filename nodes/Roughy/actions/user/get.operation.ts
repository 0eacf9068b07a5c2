import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { User } from '../../../shared/types';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const user = await roughyApiRequest<User>(this, {
		method: 'GET',
		path: '/v1/users/me',
		itemIndex,
	});
	return [{ json: { ...user } }];
}
