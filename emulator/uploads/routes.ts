import type { EmulatorCore } from '../core';
import { ApiError } from '../errors';
import { emptyResponse } from '../http/response';
import type { Route } from '../http/router';
import { deleteAssetCascade } from '../lifecycle/cascade';
import { terminateUpload } from './expiry';
import { findUpload } from './find-upload';
import { patchUpload } from './patch-upload';
import { requireTusResumable, TUS_DISCOVERY_HEADERS, TUS_HEADERS } from './tus-protocol';

/**
 * The TUS 1.0.0 core protocol plus termination on `/v1/uploads/{id}`.
 * There is no creation extension: uploads are opened by POST /v1/assets.
 */
export function uploadRoutes(core: EmulatorCore): Route[] {
	return [
		{
			method: 'HEAD',
			template: '/v1/uploads/{upload_id}',
			authenticated: true,
			handler: (ctx) => {
				requireTusResumable(ctx);
				const upload = findUpload(core, ctx);
				return emptyResponse(200, {
					...TUS_HEADERS,
					'Upload-Offset': String(upload.offset),
					'Upload-Length': String(upload.length),
					'Cache-Control': 'no-store',
				});
			},
		},
		{
			method: 'PATCH',
			template: '/v1/uploads/{upload_id}',
			authenticated: true,
			handler: (ctx) => patchUpload(core, ctx),
		},
		{
			method: 'DELETE',
			template: '/v1/uploads/{upload_id}',
			authenticated: true,
			handler: (ctx) => {
				requireTusResumable(ctx);
				// The contract lists no 410 here: an ended upload is simply not found.
				const upload = findUpload(core, ctx, { goneIs404: true });
				if (upload.status === 'complete') {
					throw new ApiError('not_found', 'This upload is complete; delete the asset instead.', undefined, TUS_HEADERS);
				}
				terminateUpload(core, upload, 'cancelled');
				const asset = core.state.assets.get(upload.assetId);
				if (asset) {
					asset.uploadId = null;
					deleteAssetCascade(core, asset);
				}
				return emptyResponse(204, TUS_HEADERS);
			},
		},
		{
			method: 'OPTIONS',
			template: '/v1/uploads/{upload_id}',
			authenticated: false,
			handler: () => emptyResponse(204, TUS_DISCOVERY_HEADERS),
		},
	];
}
