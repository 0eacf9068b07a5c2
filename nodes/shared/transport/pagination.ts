import type { Page } from '../types';
import type { RoughyFunctions } from './context';
import { roughyApiRequest, type RoughyRequest } from './request';

/** Roughy's largest page. */
export const MAX_PAGE_SIZE = 100;

export interface PageSelection<T> {
	returnAll: boolean;
	/** Ignored when returnAll is true. */
	limit?: number;
	/** Items to keep; applied while paging so `limit` counts kept items only. */
	keep?: (item: T) => boolean;
}

/**
 * Walks Roughy's offset pagination (`limit`/`offset`, `{items,total}`) until
 * every item, or `limit` kept items, have been read. Stops on a short page too,
 * in case items are deleted while we page.
 */
export async function roughyApiRequestAllItems<T>(
	context: RoughyFunctions,
	request: Omit<RoughyRequest, 'method'>,
	selection: PageSelection<T>,
): Promise<T[]> {
	const wanted = selection.returnAll ? Infinity : Math.max(1, selection.limit ?? 50);
	const results: T[] = [];
	let offset = 0;
	for (;;) {
		const pageSize = selection.keep || wanted === Infinity ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, wanted - results.length);
		const page = await roughyApiRequest<Page<T>>(context, {
			...request,
			method: 'GET',
			qs: { ...request.qs, limit: pageSize, offset },
		});
		const items = Array.isArray(page?.items) ? page.items : [];
		for (const item of items) {
			if (selection.keep && !selection.keep(item)) continue;
			results.push(item);
			if (results.length >= wanted) return results;
		}
		offset += items.length;
		const total = typeof page?.total === 'number' ? page.total : offset;
		if (items.length === 0 || items.length < pageSize || offset >= total) return results;
	}
}

/** A list filter with several accepted values, e.g. `state` ∈ {failed, ready}. */
export interface AnyOfFilter {
	param: string;
	values: string[];
}

function newestFirst(a: { created_at: string; id?: string }, b: { created_at: string; id?: string }) {
	const byTime = Date.parse(b.created_at) - Date.parse(a.created_at);
	return byTime !== 0 ? byTime : String(b.id ?? '').localeCompare(String(a.id ?? ''));
}

/**
 * Lists items whose `filter.param` is any of `filter.values`. The contract
 * gives each list filter one value, so several values become one listing per
 * value, merged newest first: sending a repeated parameter to a server that
 * keeps only the last one would silently drop matches.
 */
export async function roughyApiRequestAllItemsMatchingAny<T extends { created_at: string; id?: string }>(
	context: RoughyFunctions,
	request: Omit<RoughyRequest, 'method'>,
	filter: AnyOfFilter,
	selection: PageSelection<T>,
): Promise<T[]> {
	const values = [...new Set(filter.values)];
	const listFor = async (value?: string) =>
		await roughyApiRequestAllItems<T>(
			context,
			{ ...request, qs: { ...request.qs, ...(value === undefined ? {} : { [filter.param]: value }) } },
			selection,
		);
	if (values.length <= 1) return await listFor(values[0]);

	const merged: T[] = [];
	for (const value of values) merged.push(...(await listFor(value)));
	merged.sort(newestFirst);
	return selection.returnAll ? merged : merged.slice(0, Math.max(1, selection.limit ?? 50));
}
