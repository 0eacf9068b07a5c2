import { normalizeTimestamp } from '../clock';
import type { EmulatorCore } from '../core';
import { ApiError, notFound, validationError, type FieldError } from '../errors';
import { readJsonBody } from '../http/json-body';
import { paginate, readPageRequest } from '../http/pagination';
import { enumFilter, idFilter } from '../http/query-filters';
import { jsonResponse } from '../http/response';
import type { Route } from '../http/router';
import { validateBody } from '../http/validate-body';
import { uuidv7 } from '../ids';
import { cancelRender, isTerminalRender, scheduleRender } from '../lifecycle/renders';
import { RENDER_STATES, VIDEO_RENDER_FORMATS, type AssetRecord, type RenderOutput, type RenderRecord } from '../model';
import { requireCuttable } from './asset-readiness';
import { renderDownload } from './render-files';

interface RenderCreateBody {
	asset_id: string;
	cut_id?: string | null;
	output: RenderOutput;
}

export function presentRender(render: RenderRecord) {
	const { id, asset_id, cut_id, state, output, size_bytes, error_code, error_message, created_at, started_at, completed_at } = render;
	return { id, asset_id, cut_id, state, output: { ...output }, size_bytes, error_code, error_message, created_at, started_at, completed_at };
}

export function presentRenderDetail(core: EmulatorCore, render: RenderRecord, storageOrigin: string) {
	const file = renderDownload(render);
	return { ...presentRender(render), download_url: file ? core.downloads.sign(storageOrigin, file.path) : null };
}

/** The whole request, with null and omitted options treated alike: the idempotency key. */
export function renderKey(assetId: string, cutId: string | null, output: RenderOutput): string {
	const options = Object.entries(output)
		.filter(([, value]) => value !== null && value !== undefined)
		.sort(([a], [b]) => a.localeCompare(b));
	return JSON.stringify([assetId, cutId, options]);
}

export function newRender(
	core: EmulatorCore,
	assetId: string,
	cutId: string | null,
	output: RenderOutput,
	createdAtInput?: string,
): RenderRecord {
	const createdAt = createdAtInput ? normalizeTimestamp(createdAtInput) : core.clock.timestamp();
	const render: RenderRecord = {
		id: uuidv7(Date.parse(createdAt)),
		asset_id: assetId,
		cut_id: cutId,
		state: 'pending',
		output,
		size_bytes: null,
		error_code: null,
		error_message: null,
		created_at: createdAt,
		started_at: null,
		completed_at: null,
		idempotencyKey: renderKey(assetId, cutId, output),
	};
	core.state.renders.set(render.id, render);
	return render;
}

/** Options that only make sense for video, and video formats for an audio-only source. */
function checkOutputFitsSource(output: RenderOutput, asset: AssetRecord): void {
	const isVideo = VIDEO_RENDER_FORMATS.includes(output.format);
	const fields: FieldError[] = [];
	if (!isVideo && output.resolution != null) {
		fields.push({ field: 'body.output.resolution', message: 'Only video formats (mp4, mov) take a resolution' });
	}
	if (!isVideo && output.video_bitrate != null) {
		fields.push({ field: 'body.output.video_bitrate', message: 'Only video formats (mp4, mov) take a video bitrate' });
	}
	if (isVideo && asset.media?.type === 'audio') {
		fields.push({ field: 'body.output.format', message: 'An audio asset can only be rendered to m4a or mp3' });
	}
	if (fields.length > 0) throw validationError(fields);
}

export function renderRoutes(core: EmulatorCore): Route[] {
	const find = (id: string) => {
		const render = core.state.ownRender(id);
		if (!render) throw notFound('Render');
		return render;
	};

	return [
		{
			method: 'POST',
			template: '/v1/renders',
			authenticated: true,
			handler: async (ctx) => {
				const body = validateBody<RenderCreateBody>('RenderCreate', await readJsonBody(ctx));
				const asset = core.state.ownAsset(body.asset_id);
				if (!asset) throw notFound('Asset');
				checkOutputFitsSource(body.output, asset);
				const cut = body.cut_id ? core.state.ownCut(body.cut_id) : undefined;
				if (body.cut_id && !cut) throw notFound('Cut');
				if (cut && cut.asset_id !== asset.id) throw validationError([{ field: 'body.cut_id', message: 'The cut belongs to another asset' }]);
				if (VIDEO_RENDER_FORMATS.includes(body.output.format)) {
					if (asset.state !== 'ready') throw new ApiError('asset_not_ready', 'The asset is not ready for a video render yet.');
				} else {
					requireCuttable(core, asset);
				}
				if (cut && cut.state !== 'completed') throw new ApiError('modifier_not_ready', 'The cut is not completed yet.');

				const cutId = cut?.id ?? null;
				const key = renderKey(asset.id, cutId, body.output);
				// Idempotent on the whole request; failed or cancelled renders are not reused, so asking again retries.
				const existing = core.state
					.rendersOf(asset.id)
					.find((render) => render.idempotencyKey === key && render.state !== 'failed' && render.state !== 'cancelled');
				if (existing) return jsonResponse(200, presentRender(existing));
				const render = newRender(core, asset.id, cutId, body.output);
				scheduleRender(core, render);
				return jsonResponse(201, presentRender(render), { Location: `${ctx.apiOrigin}/v1/renders/${render.id}` });
			},
		},
		{
			method: 'GET',
			template: '/v1/renders',
			authenticated: true,
			handler: (ctx) => {
				const page = readPageRequest(ctx.query);
				const assets = idFilter(ctx.query, 'asset_id');
				const cuts = idFilter(ctx.query, 'cut_id');
				const projects = idFilter(ctx.query, 'project_id');
				const states = enumFilter(ctx.query, 'state', RENDER_STATES);
				const renders = [...core.state.renders.values()].filter((render) => {
					const asset = core.state.ownAsset(render.asset_id);
					return (
						asset &&
						(!assets || assets.has(render.asset_id)) &&
						(!cuts || (render.cut_id !== null && cuts.has(render.cut_id))) &&
						(!projects || projects.has(asset.project_id)) &&
						(!states || states.has(render.state))
					);
				});
				return jsonResponse(200, paginate(renders, page, presentRender));
			},
		},
		{
			method: 'GET',
			template: '/v1/renders/{render_id}',
			authenticated: true,
			handler: (ctx) => jsonResponse(200, presentRenderDetail(core, find(ctx.params.render_id), ctx.storageOrigin)),
		},
		{
			method: 'POST',
			template: '/v1/renders/{render_id}/cancel',
			authenticated: true,
			handler: (ctx) => {
				const render = find(ctx.params.render_id);
				if (isTerminalRender(render)) {
					throw new ApiError('conflict', `The render has already ended (${render.state}).`);
				}
				cancelRender(core, render);
				return jsonResponse(200, presentRender(render));
			},
		},
	];
}
