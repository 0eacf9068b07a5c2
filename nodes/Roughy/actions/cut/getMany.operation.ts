import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequestAllItemsMatchingAny } from '../../../shared/transport';
import type { Cut, CutState } from '../../../shared/types';
import { getListSelection, idFilterQuery, returnAllOrLimit, stateFilter } from '../../fields/list';
import { resourceLocator } from '../../fields/locator';

export const description: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			resourceLocator('asset', {
				required: false,
				description: 'Only cuts of this asset',
			}),
			resourceLocator('project', {
				required: false,
				description: 'Only cuts of assets in this project',
			}),
			stateFilter('cuts', [
				{ name: 'Completed', value: 'completed', description: 'Finished; can be exported and rendered' },
				{ name: 'Failed', value: 'failed', description: 'Roughy could not compute the cut' },
				{ name: 'Pending', value: 'pending', description: 'Waiting to start' },
				{ name: 'Processing', value: 'processing', description: 'Roughy is computing the cut' },
			]),
		],
	},
];

interface CutFilters {
	assetId?: unknown;
	projectId?: unknown;
	state?: CutState[];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = getListSelection(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as CutFilters;

	const qs = idFilterQuery(this, itemIndex, filters, ['asset', 'project']);

	const cuts = await roughyApiRequestAllItemsMatchingAny<Cut>(
		this,
		{ path: '/v1/cuts', qs, itemIndex },
		{ param: 'state', values: filters.state ?? [] },
		{ returnAll, limit },
	);
	return cuts.map((cut) => ({ json: { ...cut } }));
}
