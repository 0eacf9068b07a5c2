import type { EmulatorCore } from '../core';
import { ApiError } from '../errors';
import { ConnectionDropped, type RequestContext } from '../http/context';
import { emptyResponse, type EmulatorResponse } from '../http/response';
import { failAsset, startProcessing } from '../lifecycle/assets';
import type { UploadRecord } from '../model';
import { terminateUpload } from './expiry';
import { findUpload } from './find-upload';
import { sniffMedia } from './media-sniff';
import { receiveChunk, type ReceiveOutcome } from './receive-chunk';
import { readByteCountHeader, requireOffsetContentType, requireTusResumable, TUS_HEADERS } from './tus-protocol';

/**
 * TUS PATCH: appends the body at `Upload-Offset`. The first chunk must
 * carry ≥ 64 bytes of recognisable audio/video, or the session is cancelled
 * and the asset fails with `unsupported_media`. When the last byte lands the
 * asset moves to `processing`.
 */
export async function patchUpload(core: EmulatorCore, ctx: RequestContext): Promise<EmulatorResponse> {
	requireTusResumable(ctx);
	let upload = findUpload(core, ctx);
	requireOffsetContentType(ctx);
	const offset = readByteCountHeader(ctx, 'Upload-Offset', true) as number;
	const contentLength = readByteCountHeader(ctx, 'Content-Length', false);

	if (upload.writer) {
		// A client that lost its connection resumes at once; let the old PATCH finish storing first.
		if (!upload.writer.clientGone()) {
			throw new ApiError('conflict', 'Another request is writing to this upload; retry after it ends.', undefined, TUS_HEADERS);
		}
		await upload.writer.settled;
		upload = findUpload(core, ctx);
	}
	if (offset !== upload.offset) {
		throw new ApiError(
			'conflict',
			`Upload-Offset ${offset} does not match the current offset ${upload.offset}; read it with HEAD and resume.`,
			undefined,
			TUS_HEADERS,
		);
	}
	const room = upload.length - upload.offset;
	if (contentLength !== undefined && contentLength > room) {
		throw new ApiError('payload_too_large', `The chunk goes ${contentLength - room} bytes past the upload length.`, undefined, TUS_HEADERS);
	}
	if (contentLength === 0 || room === 0) {
		ctx.record.bodyBytes = 0;
		return emptyResponse(204, { ...TUS_HEADERS, 'Upload-Offset': String(upload.offset) });
	}

	const outcome = await receiveWithLock(core, ctx, upload);
	ctx.record.bodyBytes = outcome.received;
	return answer(core, ctx, upload, outcome);
}

async function receiveWithLock(core: EmulatorCore, ctx: RequestContext, upload: UploadRecord): Promise<ReceiveOutcome> {
	const asset = core.state.assets.get(upload.assetId);
	let release: () => void = () => undefined;
	upload.writer = {
		settled: new Promise<void>((resolve) => (release = resolve)),
		clientGone: () => ctx.req.destroyed || (ctx.req.socket?.destroyed ?? true),
		abort: () => ctx.req.socket?.destroy(),
	};
	try {
		return await receiveChunk({
			req: ctx.req,
			upload,
			room: upload.length - upload.offset,
			dropAfter: ctx.dropAfterBodyBytes,
			onStored: (storedUpTo) => core.hasher.hashUpTo(upload.id, upload.filePath, storedUpTo),
			acceptHead:
				upload.offset === 0
					? (head) => {
							const media = sniffMedia(head);
							if (media && asset) asset.media = media;
							return media !== null;
						}
					: undefined,
		});
	} finally {
		upload.writer = null;
		release();
	}
}

function answer(core: EmulatorCore, ctx: RequestContext, upload: UploadRecord, outcome: ReceiveOutcome): EmulatorResponse {
	if (upload.status === 'terminated') {
		// Cancelled (DELETE) while this PATCH was writing.
		if (ctx.req.socket?.destroyed ?? true) throw new ConnectionDropped('upload terminated');
		throw new ApiError('gone', 'This upload was cancelled.', undefined, TUS_HEADERS);
	}
	switch (outcome.kind) {
		case 'rejected_head': {
			const asset = core.state.assets.get(upload.assetId);
			terminateUpload(core, upload, 'unsupported_media');
			if (asset) failAsset(core, asset, 'unsupported_media', 'The file is not audio or video.');
			if (outcome.clientGone) throw new ConnectionDropped('client gone');
			throw new ApiError('conflict', 'The file is not audio or video; the upload was cancelled.', undefined, TUS_HEADERS);
		}
		case 'short_head':
			throw new ApiError(
				'bad_request',
				'The first chunk must carry at least 64 bytes so the format can be recognised.',
				undefined,
				TUS_HEADERS,
			);
		case 'client_gone':
		case 'dropped':
			completeIfFull(core, upload);
			throw new ConnectionDropped(outcome.kind);
		case 'overflow':
			completeIfFull(core, upload);
			throw new ApiError('payload_too_large', 'The chunk went past the upload length; bytes beyond it were not stored.', undefined, TUS_HEADERS);
		case 'complete':
			completeIfFull(core, upload);
			return emptyResponse(204, { ...TUS_HEADERS, 'Upload-Offset': String(upload.offset) });
	}
}

function completeIfFull(core: EmulatorCore, upload: UploadRecord): void {
	if (upload.status !== 'open' || upload.offset !== upload.length) return;
	upload.status = 'complete';
	const asset = core.state.assets.get(upload.assetId);
	if (asset?.state === 'pending_upload') startProcessing(core, asset, upload.length);
}
