import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { matchesFilters, roughyApiRequestAllItemsMatchingAny } from '../../../shared/transport';
import type { Render, RenderState } from '../../../shared/types';
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
			resourceLocator('asset', { required: false, description: 'Only renders of this asset' }),
			resourceLocator('cut', { required: false, description: 'Only renders that apply this cut' }),
			resourceLocator('project', {
				required: false,
				description: 'Only renders of assets in this project',
			}),
			stateFilter('renders', [
				{ name: 'Cancelled', value: 'cancelled', description: 'Stopped before it finished' },
				{ name: 'Completed', value: 'completed', description: 'Finished; can be downloaded' },
				{ name: 'Failed', value: 'failed', description: 'Roughy could not encode it' },
				{ name: 'Pending', value: 'pending', description: 'Waiting to start' },
				{ name: 'Processing', value: 'processing', description: 'Roughy is encoding it' },
			]),
		],
	},
];

interface RenderFilters {
	assetId?: unknown;
	cutId?: unknown;
	projectId?: unknown;
	state?: RenderState[];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = getListSelection(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as RenderFilters;

	const qs = idFilterQuery(this, itemIndex, filters, ['asset', 'cut', 'project']);

	const renders = await roughyApiRequestAllItemsMatchingAny<Render>(
		this,
		{ path: '/v1/renders', qs, itemIndex },
		{ param: 'state', values: filters.state ?? [] },
		{ returnAll, limit },
	);
	// The render filters are our reading of the contract (DECISIONS.md #10): checked again on what comes back.
	return renders
		.filter((render) => matchesFilters(render, { ...qs, state: filters.state }))
		.map((render) => ({ json: { ...render, output: { ...render.output } } }));
}
