import { DateTime } from 'luxon';
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { roughyApiRequestAllItemsMatchingAny } from '../../../shared/transport';
import type { AssetState, AssetSummary } from '../../../shared/types';
import { getListSelection, idFilterQuery, returnAllOrLimit, stateFilter } from '../../fields/list';
import { resourceLocator } from '../../fields/locator';

const DAY_MS = 24 * 60 * 60 * 1000;

export const description: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description:
					'Only assets created after this time. Roughy cannot filter by date, so the node reads the whole list and keeps the matches: add a project or state filter to keep this quick on large accounts.',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description:
					'Only assets created before this time. Roughy cannot filter by date, so the node reads the whole list and keeps the matches: add a project or state filter to keep this quick on large accounts.',
			},
			{
				displayName: 'Older Than (Days)',
				name: 'olderThanDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description:
					'Only assets created more than this many days ago, e.g. 30 for a monthly cleanup. Roughy cannot filter by date, so the node reads the whole list and keeps the matches: add a project or state filter to keep this quick on large accounts.',
			},
			resourceLocator('project', {
				required: false,
				description: 'Only assets of this project. Without this filter, assets of all projects are listed.',
			}),
			stateFilter('assets', [
				{ name: 'Failed', value: 'failed', description: 'Roughy could not process the file' },
				{
					name: 'Pending Payment',
					value: 'pending_payment',
					description: 'Processed, waiting for credits',
				},
				{ name: 'Pending Upload', value: 'pending_upload', description: 'Upload not finished' },
				{ name: 'Processing', value: 'processing', description: 'Roughy is preparing the file' },
				{ name: 'Ready', value: 'ready', description: 'Prepared and paid for; can be cut and rendered' },
			]),
		],
	},
];

interface AssetFilters {
	projectId?: unknown;
	state?: AssetState[];
	createdAfter?: unknown;
	createdBefore?: unknown;
	olderThanDays?: number;
}

/**
 * A date-time parameter as epoch milliseconds. The date picker gives local
 * times without an offset, which n8n means in the workflow's time zone;
 * expressions may give ISO strings, JS Dates or Luxon DateTimes.
 */
function parseDateParameter(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'string') parsed = DateTime.fromISO(value.trim(), { zone: context.getTimezone() });
	if (!parsed?.isValid) {
		throw new NodeOperationError(context.getNode(), `"${String(value)}" is not a date and time`, {
			itemIndex,
			description: `Set "${label}" to a date and time such as 2026-05-01T00:00:00, or an expression like {{ $now.minus({ days: 7 }) }}.`,
		});
	}
	return parsed.toMillis();
}

/** The time window the node filters on, as epoch milliseconds (bounds exclusive). */
function createdWindow(context: IExecuteFunctions, filters: AssetFilters, itemIndex: number) {
	const after = parseDateParameter(context, filters.createdAfter, 'Created After', itemIndex);
	let before = parseDateParameter(context, filters.createdBefore, 'Created Before', itemIndex);
	if (filters.olderThanDays !== undefined) {
		const days = Number(filters.olderThanDays);
		if (!Number.isFinite(days) || days < 0) {
			throw new NodeOperationError(context.getNode(), `Older than ${filters.olderThanDays} days is not usable`, {
				itemIndex,
				description: 'Set "Older Than (Days)" to zero or a positive number of days.',
			});
		}
		const cutoff = Date.now() - days * DAY_MS;
		before = before === undefined ? cutoff : Math.min(before, cutoff);
	}
	if (after !== undefined && before !== undefined && after >= before) {
		throw new NodeOperationError(context.getNode(), 'No asset can match these date filters', {
			itemIndex,
			description:
				'"Created After" is later than "Created Before" (or than the "Older Than (Days)" cutoff). Check the dates.',
		});
	}
	return { after, before };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = getListSelection(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as AssetFilters;

	const qs = idFilterQuery(this, itemIndex, filters, ['project']);
	const states = filters.state?.length ? new Set(filters.state) : undefined;
	const { after, before } = createdWindow(this, filters, itemIndex);
	// Dates are filtered here because Roughy cannot. The state is checked again
	// so that a server ignoring the filter can never leak other states.
	const keep =
		states || after !== undefined || before !== undefined
			? (asset: AssetSummary) => {
					const created = Date.parse(asset.created_at);
					return (
						(!states || states.has(asset.state)) &&
						(after === undefined || created > after) &&
						(before === undefined || created < before)
					);
				}
			: undefined;
	const assets = await roughyApiRequestAllItemsMatchingAny<AssetSummary>(
		this,
		{ path: '/v1/assets', qs, itemIndex },
		{ param: 'state', values: filters.state ?? [] },
		{ returnAll, limit, keep },
	);
	return assets.map((asset) => ({ json: { ...asset } }));
}
