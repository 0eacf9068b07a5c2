import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { asNodeError } from '../../../shared/node-errors';
import {
	matchesFilters,
	MAX_PAGE_SIZE,
	roughyApiRequest,
	roughyApiRequestAllItems,
	roughyErrorCode,
} from '../../../shared/transport';
import type { AssetSummary, Cut, Page, Render } from '../../../shared/types';

/** What deleting one asset would remove with it. */
export interface Cascade {
	cuts: Cut[];
	renders: Render[];
}

/**
 * Subtitles are not entities of their own: each completed cut is assumed to
 * carry one generated subtitle, so their number is an estimate and named so.
 */
export function cascadeCounts(cascade: Cascade) {
	return {
		cuts: cascade.cuts.length,
		renders: cascade.renders.length,
		subtitles_estimated: cascade.cuts.filter((cut) => cut.state === 'completed').length,
	};
}

/**
 * The whole list, or undefined when reading it would take more than `budget`
 * further requests: then asking about each asset in turn is cheaper. The
 * first page is read anyway, because only its `total` tells the list's size.
 */
async function listAllWithinBudget<T>(
	context: IExecuteFunctions,
	path: string,
	budget: number,
): Promise<T[] | undefined> {
	const read = async (offset: number) =>
		await roughyApiRequest<Page<T>>(context, { method: 'GET', path, qs: { limit: MAX_PAGE_SIZE, offset } });
	const first = await read(0);
	const items = [...(first.items ?? [])];
	const total = typeof first.total === 'number' ? first.total : items.length;
	if (Math.ceil(total / MAX_PAGE_SIZE) - 1 > budget) return undefined;
	const seen = new Set(items.map((item) => (item as { id?: string }).id));
	while (items.length < total) {
		const page = await read(items.length);
		const fresh = (page.items ?? []).filter((item) => !seen.has((item as { id?: string }).id));
		// A page with nothing new: the server ignores `offset`; ask about each asset instead.
		if (fresh.length === 0) return page.items?.length ? undefined : items;
		for (const item of fresh) seen.add((item as { id?: string }).id);
		items.push(...fresh);
	}
	return items;
}

function groupByAsset<T extends { asset_id: string }>(entries: T[]): Map<string, T[]> {
	const grouped = new Map<string, T[]>();
	for (const entry of entries) {
		const key = entry.asset_id.toLowerCase();
		grouped.set(key, [...(grouped.get(key) ?? []), entry]);
	}
	return grouped;
}

/** Whether an asset exists, and what it is, read without changing anything; undefined when it does not exist. */
export type AssetLookup = (assetId: string) => Promise<IDataObject | undefined>;

/**
 * Existence checks for a dry run, from one account-wide listing or one
 * `readOne` (a GET) per asset, whichever takes fewer requests for
 * `lookupsNeeded` assets.
 */
export async function prepareAssetLookup(
	context: IExecuteFunctions,
	lookupsNeeded: number,
	readOne: (assetId: string) => Promise<IDataObject>,
): Promise<AssetLookup> {
	const listed =
		lookupsNeeded > 1
			? await listAllWithinBudget<AssetSummary>(context, '/v1/assets', lookupsNeeded)
			: undefined;
	if (listed) {
		const byId = new Map(listed.map((asset) => [asset.id.toLowerCase(), { ...asset } as IDataObject]));
		return async (assetId) => byId.get(assetId);
	}
	return async (assetId) => {
		try {
			return await readOne(assetId);
		} catch (error) {
			if (roughyErrorCode(error) === 'not_found') return undefined;
			throw asNodeError(context.getNode(), error);
		}
	};
}

/**
 * The cuts and renders that deleting these assets would remove, from
 * account-wide listings or per-asset listings, whichever takes fewer requests.
 */
export async function findCascades(context: IExecuteFunctions, assetIds: string[]): Promise<Map<string, Cascade>> {
	const cascades = new Map<string, Cascade>(assetIds.map((id) => [id, { cuts: [], renders: [] }]));
	if (assetIds.length === 0) return cascades;
	const fill = async <T extends { asset_id: string }>(path: string, put: (cascade: Cascade, entries: T[]) => void) => {
		const listed = assetIds.length > 1 ? await listAllWithinBudget<T>(context, path, assetIds.length) : undefined;
		const grouped = listed ? groupByAsset(listed) : undefined;
		for (const assetId of assetIds) {
			const entries =
				grouped?.get(assetId) ??
				(grouped
					? []
					: await roughyApiRequestAllItems<T>(
							context,
							{ path, qs: { asset_id: assetId }, subject: `asset ${assetId}` },
							{ returnAll: true, keep: (entry) => matchesFilters(entry, { asset_id: assetId }) },
						));
			put(cascades.get(assetId)!, entries);
		}
	};
	await fill<Cut>('/v1/cuts', (cascade, cuts) => cascade.cuts.push(...cuts));
	await fill<Render>('/v1/renders', (cascade, renders) => cascade.renders.push(...renders));
	return cascades;
}
