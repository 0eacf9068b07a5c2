import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { getResourceId, type LocatorResource } from './locator';

/** Return All / Limit, as every n8n list operation has them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** "Return All" / "Limit" of a list operation, as the transport's pagination takes them. */
export function getListSelection(
	context: IExecuteFunctions,
	itemIndex: number,
): { returnAll: boolean; limit?: number } {
	const returnAll = context.getNodeParameter('returnAll', itemIndex) as boolean;
	return returnAll
		? { returnAll }
		: { returnAll, limit: context.getNodeParameter('limit', itemIndex) as number };
}

/**
 * The State filter of a list operation: several states may be chosen
 * (the transport lists them one at a time and merges the pages).
 */
export function stateFilter(plural: string, states: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'State',
		name: 'state',
		type: 'multiOptions',
		options: states,
		default: [],
		description: `Only ${plural} in one of these states`,
	};
}

/**
 * The list query for the resource-locator filters the user set (e.g. asset and
 * project), each checked as a UUID: `{ asset_id: …, project_id: … }`.
 */
export function idFilterQuery(
	context: IExecuteFunctions,
	itemIndex: number,
	filters: Partial<Record<`${LocatorResource}Id`, unknown>>,
	resources: LocatorResource[],
): IDataObject {
	const qs: IDataObject = {};
	for (const resource of resources) {
		if (filters[`${resource}Id`] === undefined) continue;
		qs[`${resource}_id`] = getResourceId(context, resource, itemIndex, `filters.${resource}Id`);
	}
	return qs;
}
