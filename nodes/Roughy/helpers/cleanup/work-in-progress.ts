import type { IExecuteFunctions } from 'n8n-workflow';

import { matchesFilters, roughyApiRequestAllItems } from '../../../shared/transport';
import type { Cut, CutState, Render, RenderState } from '../../../shared/types';

/** Cuts and renders of one asset that Roughy is still computing. */
export interface WorkInProgress {
	cuts: Cut[];
	renders: Render[];
}

const UNFINISHED: Array<CutState & RenderState> = ['pending', 'processing'];

/**
 * Every unfinished cut and render of the account, grouped by asset. Unfinished
 * work is rare, so a few state-filtered list calls cost far less than asking
 * about each asset in turn. The contract documents one `state` per list call,
 * hence one call per state rather than a repeated parameter.
 */
export async function findWorkInProgress(context: IExecuteFunctions): Promise<Map<string, WorkInProgress>> {
	const byAsset = new Map<string, WorkInProgress>();
	const entryFor = (assetId: string) => {
		let entry = byAsset.get(assetId);
		if (!entry) {
			entry = { cuts: [], renders: [] };
			byAsset.set(assetId, entry);
		}
		return entry;
	};
	for (const state of UNFINISHED) {
		const cuts = await roughyApiRequestAllItems<Cut>(
			context,
			{ path: '/v1/cuts', qs: { state } },
			{ returnAll: true, keep: (cut) => matchesFilters(cut, { state }) },
		);
		for (const cut of cuts) entryFor(cut.asset_id.toLowerCase()).cuts.push(cut);
	}
	for (const state of UNFINISHED) {
		const renders = await roughyApiRequestAllItems<Render>(
			context,
			{ path: '/v1/renders', qs: { state } },
			// A server that ignored `state` would otherwise make every asset with a finished render look busy.
			{ returnAll: true, keep: (render) => matchesFilters(render, { state }) },
		);
		for (const render of renders) entryFor(render.asset_id.toLowerCase()).renders.push(render);
	}
	return byAsset;
}

/** "1 render and 2 cuts are still in progress", for the skipped item. */
export function describeWorkInProgress(work: WorkInProgress): string {
	const parts: string[] = [];
	const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
	if (work.renders.length > 0) parts.push(count(work.renders.length, 'render'));
	if (work.cuts.length > 0) parts.push(count(work.cuts.length, 'cut'));
	const total = work.renders.length + work.cuts.length;
	return `${parts.join(' and ')} ${total === 1 ? 'is' : 'are'} still in progress`;
}
