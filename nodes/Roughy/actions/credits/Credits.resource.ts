import type { INodeProperties } from 'n8n-workflow';

import { showFor, type RoughyOperation } from '../operation';
import * as balance from './balance.operation';
import * as history from './history.operation';

export const operations: Record<string, RoughyOperation> = { balance, history };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['credits'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'balance',
				description: 'Get the spendable credit balance',
				action: 'Get the credit balance',
			},
			{
				name: 'Get History',
				value: 'history',
				description: 'List credit ledger entries (charges, top-ups, refunds), newest first',
				action: 'Get the credit history',
			},
		],
		default: 'balance',
	},
	...showFor('credits', ['balance'], balance.description),
	...showFor('credits', ['history'], history.description),
];
