import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { isUuid } from '../../shared/ids';
import { MAX_PAGE_SIZE, roughyApiRequest } from '../../shared/transport';
import type { AssetSummary, Cut, Page, Project, Render } from '../../shared/types';

/** When a search string filters pages on our side, read at most this many pages per call. */
const MAX_PAGES_PER_SEARCH = 5;
/** Stop reading further pages once a search has this many matches to show. */
const ENOUGH_MATCHES = 20;

interface ListSource {
	path: string;
	qs?: IDataObject;
}

/**
 * One step of "From list" paging over one or more Roughy lists (projects need
 * two: active and archived). The token is "<list>:<offset>". Roughy has no
 * text search, so the search string is matched here against each item's
 * name and ID; while nothing matches, a few more pages are read so the user
 * does not scroll through empty pages.
 */
async function searchLists<T extends { id: string }>(
	context: ILoadOptionsFunctions,
	sources: ListSource[],
	toName: (item: T) => string,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const [listPart, offsetPart] = (paginationToken ?? '0:0').split(':');
	let list = Number(listPart) || 0;
	let offset = Number(offsetPart) || 0;
	const needle = filter?.trim().toLowerCase() ?? '';
	const results: INodeListSearchItems[] = [];

	for (let pages = 0; list < sources.length; pages++) {
		if (pages > 0 && (needle === '' || results.length >= ENOUGH_MATCHES || pages >= MAX_PAGES_PER_SEARCH)) {
			return { results, paginationToken: `${list}:${offset}` };
		}
		const source = sources[list];
		const page = await roughyApiRequest<Page<T>>(context, {
			method: 'GET',
			path: source.path,
			qs: { ...source.qs, limit: MAX_PAGE_SIZE, offset },
		});
		const items = Array.isArray(page?.items) ? page.items : [];
		for (const item of items) {
			const name = toName(item);
			if (needle === '' || name.toLowerCase().includes(needle) || item.id.toLowerCase().includes(needle)) {
				results.push({ name, value: item.id });
			}
		}
		offset += items.length;
		const total = typeof page?.total === 'number' ? page.total : offset;
		if (items.length === 0 || offset >= total) {
			list++;
			offset = 0;
		}
	}
	return { results };
}

/** "2026-05-02 08:54 UTC": enough to tell items apart at a glance. */
function shortDate(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Time-ordered UUIDs share their first characters for items created close
 * together, so the start alone does not tell them apart: show both ends.
 */
function shortId(id: string): string {
	return `${id.slice(0, 8)}…${id.slice(-6)}`;
}

/** The asset chosen in this node, so cuts and renders can be listed for it alone. */
function selectedAssetId(context: ILoadOptionsFunctions): string | undefined {
	try {
		const value = context.getCurrentNodeParameter('assetId', { extractValue: true });
		return typeof value === 'string' && isUuid(value.trim()) ? value.trim().toLowerCase() : undefined;
	} catch {
		return undefined;
	}
}

export async function searchProjects(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// Roughy hides archived projects unless asked, but they can still be
	// read, renamed, unarchived or deleted, so they are listed after the rest.
	return await searchLists<Project>(
		this,
		[
			{ path: '/v1/projects', qs: { state: 'active' } },
			{ path: '/v1/projects', qs: { state: 'archived' } },
		],
		(project) => (project.state === 'archived' ? `${project.name} (archived)` : project.name),
		filter,
		paginationToken,
	);
}

export async function searchAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchLists<AssetSummary>(
		this,
		[{ path: '/v1/assets' }],
		(asset) =>
			[asset.type ?? 'unknown type', asset.state, shortDate(asset.created_at), shortId(asset.id)].join(' · '),
		filter,
		paginationToken,
	);
}

export async function searchCuts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const assetId = selectedAssetId(this);
	return await searchLists<Cut>(
		this,
		[{ path: '/v1/cuts', qs: assetId ? { asset_id: assetId } : {} }],
		(cut) => {
			const script = cut.script?.trim();
			const scriptLabel = script ? `"${script.length > 30 ? `${script.slice(0, 30)}…` : script}"` : 'no script';
			return [cut.state, scriptLabel, shortDate(cut.created_at), shortId(cut.id)].join(' · ');
		},
		filter,
		paginationToken,
	);
}

export async function searchRenders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const assetId = selectedAssetId(this);
	return await searchLists<Render>(
		this,
		[{ path: '/v1/renders', qs: assetId ? { asset_id: assetId } : {} }],
		(render) => {
			const output = [render.output?.format, render.output?.resolution].filter(Boolean).join(' ');
			return [output || 'render', render.state, shortDate(render.created_at), shortId(render.id)].join(' · ');
		},
		filter,
		paginationToken,
	);
}
