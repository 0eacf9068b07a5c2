import { createReadStream } from 'node:fs';

import type { EmulatorCore } from '../core';
import type { RequestContext } from '../http/context';
import type { EmulatorResponse } from '../http/response';
import { Router, type Handler } from '../http/router';
import { sampleMediaStream } from '../media/sample-bytes';
import { assetStoragePath } from '../resources/assets';
import { renderDownload } from '../resources/render-files';
import { s3Error } from './s3-errors';

/**
 * Checks a signed URL the way a presigned-S3 store does. A request that
 * also carries an Authorization header is refused (400), as S3 refuses two
 * authentication mechanisms at once; clients must fetch these URLs without
 * their Roughy key.
 */
function checkSignature(core: EmulatorCore, ctx: RequestContext): EmulatorResponse | null {
	if (ctx.req.headers.authorization !== undefined) {
		return s3Error(400, 'InvalidArgument', 'Only one auth mechanism allowed; send either the query signature or an Authorization header.');
	}
	switch (core.downloads.check(ctx.path, ctx.query)) {
		case 'missing':
			return s3Error(403, 'AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters.');
		case 'bad_signature':
			return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
		case 'expired':
			return s3Error(403, 'AccessDenied', 'Request has expired');
		default:
			return null;
	}
}

function assetBytes(core: EmulatorCore, ctx: RequestContext): EmulatorResponse {
	const denied = checkSignature(core, ctx);
	if (denied) return denied;
	const asset = core.state.assets.get(ctx.params.asset_id);
	if (!asset || assetStoragePath(asset) !== ctx.path) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
	const headers = {
		'Content-Type': asset.media?.content_type ?? 'application/octet-stream',
		'Content-Disposition': `attachment; filename="${asset.id}.${asset.media?.extension ?? 'bin'}"`,
	};
	if (asset.bytes.kind === 'upload') {
		const upload = core.state.uploads.get(asset.bytes.uploadId);
		if (!upload || upload.status !== 'complete') return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
		return { status: 200, headers: { ...headers, 'Content-Length': upload.length }, body: createReadStream(upload.filePath) };
	}
	if (asset.bytes.kind === 'generated') {
		const size = asset.bytes.size;
		return { status: 200, headers: { ...headers, 'Content-Length': size }, body: sampleMediaStream(asset.media?.extension ?? 'mp3', size, asset.id) };
	}
	return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
}

function renderBytes(core: EmulatorCore, ctx: RequestContext): EmulatorResponse {
	const denied = checkSignature(core, ctx);
	if (denied) return denied;
	const render = core.state.renders.get(ctx.params.render_id);
	const file = render ? renderDownload(render) : null;
	if (!render || !file || file.path !== ctx.path) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
	return {
		status: 200,
		headers: {
			'Content-Type': file.contentType,
			'Content-Length': file.size,
			'Content-Disposition': `attachment; filename="${file.fileName}"`,
		},
		body: sampleMediaStream(render.output.format, file.size, render.id),
	};
}

/** The storage listener: signed, bearer-less GET/HEAD of asset bytes and render outputs. */
export function buildStorageRouter(core: EmulatorCore): Router {
	const router = new Router();
	const routes: Array<[string, Handler]> = [
		['/assets/projects/{project_id}/{asset_id}', (ctx) => assetBytes(core, ctx)],
		['/renders/{render_id}/{file_name}', (ctx) => renderBytes(core, ctx)],
	];
	for (const [template, handler] of routes) {
		router.add({ method: 'GET', template, handler, authenticated: false });
		router.add({ method: 'HEAD', template, handler, authenticated: false });
	}
	return router;
}
