import { NodeOperationError } from 'n8n-workflow';

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

function itemKey(item: unknown): string {
	const id = (item as { id?: unknown } | null)?.id;
	return typeof id === 'string' ? id : JSON.stringify(item);
}

/**
 * Walks Roughy's offset pagination (`limit`/`offset`, `{items,total}`) until
 * every item, or `limit` kept items, have been read. Stops on a short page too,
 * in case items are deleted while we page.
 *
 * A server (or a cache in front of it) that ignores `offset` answers the
 * first page again and again, and its `total` may say anything. So the walk
 * also ends, with an error rather than a partial list, when a whole page
 * holds nothing it has not seen, or when it has read more pages than the
 * largest `total` it was told allows.
 *
 * Return All asks for the next page while the current one is on its way
 * (two requests in flight at most). Every request through n8n's helpers
 * opens a new connection and resolves the credential again, which costs
 * about as much as Roughy takes to answer a page; overlapping the two keeps
 * a long listing near the speed of a plain loop on one kept-alive
 * connection. The page asked for ahead is the one the walk would ask for
 * next anyway, and only once the second page has shown that the server
 * honours `offset`, and only within the `total` announced: a stable listing
 * sends exactly the requests a one-at-a-time walk sends (ceil(total / 100)),
 * and one that changes or lies while being read costs one request more at
 * most, while every check above still runs on each page in order.
 */
export async function roughyApiRequestAllItems<T>(
	context: RoughyFunctions,
	request: Omit<RoughyRequest, 'method'>,
	selection: PageSelection<T>,
): Promise<T[]> {
	const wanted = selection.returnAll ? Infinity : Math.max(1, selection.limit ?? 50);
	const results: T[] = [];
	const seen = new Set<string>();
	let largestTotal = 0;
	let pages = 0;
	let offset = 0;
	const requestPage = (pageOffset: number, pageSize: number) =>
		roughyApiRequest<Page<T>>(context, {
			...request,
			method: 'GET',
			qs: { ...request.qs, limit: pageSize, offset: pageOffset },
		});
	let askedAhead: Promise<Page<T>> | undefined;
	for (;;) {
		const pageSize = selection.keep || wanted === Infinity ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, wanted - results.length);
		const current = askedAhead ?? requestPage(offset, pageSize);
		askedAhead = undefined;
		if (wanted === Infinity && pages >= 2 && offset + pageSize < largestTotal) {
			askedAhead = requestPage(offset + pageSize, pageSize);
			// Unused when this page turns out to be the last; its failure counts only once it is awaited.
			askedAhead.catch(() => {});
		}
		const page = await current;
		const items = Array.isArray(page?.items) ? page.items : [];
		pages++;
		let fresh = 0;
		for (const item of items) {
			const key = itemKey(item);
			if (seen.has(key)) continue;
			seen.add(key);
			fresh++;
		}
		if (items.length > 0 && fresh === 0) throw endlessListing(context, request.path, pages, 'answered a page it had already sent');
		for (const item of items) {
			if (selection.keep && !selection.keep(item)) continue;
			results.push(item);
			if (results.length >= wanted) return results;
		}
		offset += items.length;
		const total = typeof page?.total === 'number' ? page.total : offset;
		if (items.length === 0 || items.length < pageSize || offset >= total) return results;
		largestTotal = Math.max(largestTotal, total);
		if (pages > Math.ceil(largestTotal / pageSize) + 1) {
			throw endlessListing(context, request.path, pages, `went on past the ${largestTotal} items it announced`);
		}
	}
}

function endlessListing(context: RoughyFunctions, path: string, pages: number, what: string) {
	return new NodeOperationError(context.getNode(), `Roughy's list of ${path} never ended: it ${what}`, {
		description: `The listing was stopped after ${pages} pages and nothing was done with it. Roughy, or a proxy or cache in front of it, is probably ignoring the "offset" parameter. Try again later; if it keeps happening, report it to Roughy support.`,
	});
}

/**
 * Whether a listed item matches the filters the list was asked for, on the
 * fields the item carries (`asset_id`, `cut_id`, `state`, …; a field it lacks,
 * such as a render's project, cannot be checked and passes). A server that
 * ignores a filter returns more, never less, so re-checking on our side
 * keeps the answer right either way (contract/DECISIONS.md #10).
 */
export function matchesFilters(item: object, filters: Record<string, unknown>): boolean {
	const fields = item as Record<string, unknown>;
	for (const [name, wanted] of Object.entries(filters)) {
		if (wanted === undefined || wanted === null || !(name in fields)) continue;
		const accepted = (Array.isArray(wanted) ? wanted : [wanted]).map((value) => String(value).toLowerCase());
		if (accepted.length === 0) continue;
		if (!accepted.includes(String(fields[name]).toLowerCase())) return false;
	}
	return true;
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
