import { normalizeTimestamp } from '../clock';
import type { EmulatorCore } from '../core';
import { notFound } from '../errors';
import { readJsonBody } from '../http/json-body';
import { paginate, readPageRequest } from '../http/pagination';
import { enumFilter, idFilter } from '../http/query-filters';
import { jsonResponse } from '../http/response';
import type { Route } from '../http/router';
import { validateBody } from '../http/validate-body';
import { uuidv7 } from '../ids';
import { scheduleCut } from '../lifecycle/cuts';
import { CUT_STATES, type CutRecord } from '../model';
import { requireCuttable } from './asset-readiness';
import { cutExportRoutes } from './cut-exports';

export function presentCut(cut: CutRecord) {
	const { id, asset_id, state, script, error_code, error_message, created_at, started_at, completed_at } = cut;
	return { id, asset_id, state, script, error_code, error_message, created_at, started_at, completed_at };
}

export function newCut(core: EmulatorCore, assetId: string, script: string | null, createdAtInput?: string): CutRecord {
	const createdAt = createdAtInput ? normalizeTimestamp(createdAtInput) : core.clock.timestamp();
	const cut: CutRecord = {
		id: uuidv7(Date.parse(createdAt)),
		asset_id: assetId,
		state: 'pending',
		script,
		error_code: null,
		error_message: null,
		created_at: createdAt,
		started_at: null,
		completed_at: null,
		unavailableFormats: [],
	};
	core.state.cuts.set(cut.id, cut);
	return cut;
}

export function cutRoutes(core: EmulatorCore): Route[] {
	return [
		{
			method: 'POST',
			template: '/v1/cuts',
			authenticated: true,
			handler: async (ctx) => {
				const body = validateBody<{ asset_id: string; script?: string | null }>('CutCreate', await readJsonBody(ctx));
				const asset = core.state.ownAsset(body.asset_id);
				if (!asset) throw notFound('Asset');
				requireCuttable(core, asset);
				const script = body.script ?? null;
				// Idempotent on (asset, script). A failed cut is not reused, so asking again retries.
				const existing = core.state.cutsOf(asset.id).find((cut) => cut.script === script && cut.state !== 'failed');
				if (existing) return jsonResponse(200, presentCut(existing));
				const cut = newCut(core, asset.id, script);
				scheduleCut(core, cut);
				return jsonResponse(201, presentCut(cut), { Location: `${ctx.apiOrigin}/v1/cuts/${cut.id}` });
			},
		},
		{
			method: 'GET',
			template: '/v1/cuts',
			authenticated: true,
			handler: (ctx) => {
				const page = readPageRequest(ctx.query);
				const assets = idFilter(ctx.query, 'asset_id');
				const projects = idFilter(ctx.query, 'project_id');
				const states = enumFilter(ctx.query, 'state', CUT_STATES);
				const cuts = [...core.state.cuts.values()].filter((cut) => {
					const asset = core.state.ownAsset(cut.asset_id);
					return (
						asset &&
						(!assets || assets.has(cut.asset_id)) &&
						(!projects || projects.has(asset.project_id)) &&
						(!states || states.has(cut.state))
					);
				});
				return jsonResponse(200, paginate(cuts, page, presentCut));
			},
		},
		{
			method: 'GET',
			template: '/v1/cuts/{cut_id}',
			authenticated: true,
			handler: (ctx) => {
				const cut = core.state.ownCut(ctx.params.cut_id);
				if (!cut) throw notFound('Cut');
				return jsonResponse(200, presentCut(cut));
			},
		},
		...cutExportRoutes(core),
	];
}
