import type { EmulatorCore } from '../core';
import { ApiError, notFound } from '../errors';
import type { RequestContext } from '../http/context';
import { readJsonBody } from '../http/json-body';
import { paginate, readPageRequest } from '../http/pagination';
import { enumFilter, idFilter } from '../http/query-filters';
import { emptyResponse, jsonResponse } from '../http/response';
import type { Route } from '../http/router';
import { validateBody } from '../http/validate-body';
import { uuidv7 } from '../ids';
import { deleteAssetCascade } from '../lifecycle/cascade';
import { ASSET_STATES, MAX_UPLOAD_BYTES, type AssetRecord, type UploadRecord } from '../model';
import { expireStaleUploads } from '../uploads/expiry';

/** Absolute URLs are built from the origin the client used, so they work behind any host name. */
export interface Origins {
	apiOrigin: string;
	storageOrigin: string;
}

export function presentAssetSummary(asset: AssetRecord) {
	return {
		id: asset.id,
		project_id: asset.project_id,
		type: asset.media?.type ?? null,
		state: asset.state,
		extension: asset.media?.extension ?? null,
		// The stored size is only known once the upload is complete.
		size_bytes: asset.state === 'pending_upload' ? null : asset.size_bytes,
		content_type: asset.media?.content_type ?? null,
		duration_seconds: asset.state === 'failed' ? null : asset.duration_seconds,
		language: asset.language,
		error_code: asset.error_code,
		error_message: asset.error_message,
		created_at: asset.created_at,
	};
}

export function uploadUrl(origin: string, uploadId: string): string {
	return `${origin}/v1/uploads/${uploadId}`;
}

export function presentAsset(asset: AssetRecord, origins: Origins) {
	return {
		...presentAssetSummary(asset),
		upload_url: asset.state === 'pending_upload' && asset.uploadId ? uploadUrl(origins.apiOrigin, asset.uploadId) : null,
	};
}

/** Bytes are downloadable once the upload is complete and while the asset is not failed. */
function hasDownloadableBytes(asset: AssetRecord): boolean {
	return ['processing', 'pending_payment', 'ready'].includes(asset.state) && asset.bytes.kind !== 'none';
}

export function assetStoragePath(asset: AssetRecord): string {
	return `/assets/projects/${asset.project_id}/${asset.id}`;
}

export function presentAssetDetail(core: EmulatorCore, asset: AssetRecord, origins: Origins) {
	return {
		...presentAsset(asset, origins),
		download_url: hasDownloadableBytes(asset) ? core.downloads.sign(origins.storageOrigin, assetStoragePath(asset)) : null,
		cuttable: asset.state === 'ready',
	};
}

interface AssetCreateBody {
	project_id: string;
	size_bytes: number;
	language?: string | null;
}

function createAsset(core: EmulatorCore, body: AssetCreateBody): { asset: AssetRecord; upload: UploadRecord } {
	const nowMs = core.clock.nowMs();
	const asset: AssetRecord = {
		id: uuidv7(nowMs),
		project_id: body.project_id.toLowerCase(),
		state: 'pending_upload',
		media: null,
		size_bytes: null,
		duration_seconds: null,
		language: body.language ? body.language.toLowerCase() : null,
		error_code: null,
		error_message: null,
		created_at: core.clock.timestamp(nowMs),
		uploadId: null,
		bytes: { kind: 'none' },
		credits: null,
	};
	const uploadId = uuidv7(nowMs);
	const upload: UploadRecord = {
		id: uploadId,
		assetId: asset.id,
		ownerId: core.state.user.id,
		length: body.size_bytes,
		offset: 0,
		filePath: core.uploadFilePath(uploadId),
		createdAtMs: nowMs,
		status: 'open',
		endedBecause: null,
		writer: null,
	};
	asset.uploadId = uploadId;
	asset.bytes = { kind: 'upload', uploadId };
	core.state.assets.set(asset.id, asset);
	core.state.uploads.set(uploadId, upload);
	return { asset, upload };
}

export function assetRoutes(core: EmulatorCore): Route[] {
	const find = (id: string) => {
		expireStaleUploads(core);
		const asset = core.state.ownAsset(id);
		if (!asset) throw notFound('Asset');
		return asset;
	};
	const origins = (ctx: RequestContext): Origins => ({ apiOrigin: ctx.apiOrigin, storageOrigin: ctx.storageOrigin });

	return [
		{
			method: 'POST',
			template: '/v1/assets',
			authenticated: true,
			handler: async (ctx) => {
				const raw = await readJsonBody(ctx);
				const declared = (raw as { size_bytes?: unknown } | undefined)?.size_bytes;
				if (typeof declared === 'number' && declared > MAX_UPLOAD_BYTES) {
					throw new ApiError('payload_too_large', 'Uploads are limited to 50 GiB.');
				}
				const body = validateBody<AssetCreateBody>('AssetCreate', raw);
				if (!core.state.ownProject(body.project_id)) throw notFound('Project');
				if (core.state.balance() <= 0) {
					throw new ApiError('insufficient_credits', 'Top up your credits to start an upload.');
				}
				const { asset, upload } = createAsset(core, body);
				return jsonResponse(201, presentAsset(asset, origins(ctx)), { Location: uploadUrl(ctx.apiOrigin, upload.id) });
			},
		},
		{
			method: 'GET',
			template: '/v1/assets',
			authenticated: true,
			handler: (ctx) => {
				expireStaleUploads(core);
				const page = readPageRequest(ctx.query);
				const projects = idFilter(ctx.query, 'project_id');
				const states = enumFilter(ctx.query, 'state', ASSET_STATES);
				const assets = core.state
					.ownAssets()
					.filter((asset) => (!projects || projects.has(asset.project_id)) && (!states || states.has(asset.state)));
				return jsonResponse(200, paginate(assets, page, presentAssetSummary));
			},
		},
		{
			method: 'GET',
			template: '/v1/assets/{asset_id}',
			authenticated: true,
			handler: (ctx) => jsonResponse(200, presentAssetDetail(core, find(ctx.params.asset_id), origins(ctx))),
		},
		{
			method: 'DELETE',
			template: '/v1/assets/{asset_id}',
			authenticated: true,
			handler: (ctx) => {
				deleteAssetCascade(core, find(ctx.params.asset_id));
				return emptyResponse(204);
			},
		},
	];
}
