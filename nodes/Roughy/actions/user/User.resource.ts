import type { INodeProperties } from 'n8n-workflow';

import { showFor, type RoughyOperation } from '../operation';
import * as get from './get.operation';

export const operations: Record<string, RoughyOperation> = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the account that owns the API key',
				action: 'Get the current user',
			},
		],
		default: 'get',
	},
	...showFor('user', ['get'], get.description),
];
