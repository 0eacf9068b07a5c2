import type { EmulatorCore } from '../core';
import { ApiError } from '../errors';
import type { RequestContext } from '../http/context';
import type { UploadRecord } from '../model';
import { expireStaleUploads } from './expiry';
import { TUS_HEADERS } from './tus-protocol';

const GONE_MESSAGES: Record<string, string> = {
	expired: 'This upload expired; create the asset again.',
	cancelled: 'This upload was cancelled.',
	unsupported_media: 'This upload was cancelled because the file is not audio or video.',
};

/**
 * The caller's upload by id: 404 when unknown or someone else's, 410 `gone`
 * when it expired or was terminated (TUS's convention for ended uploads).
 */
export function findUpload(core: EmulatorCore, ctx: RequestContext, options: { goneIs404?: boolean } = {}): UploadRecord {
	expireStaleUploads(core);
	const upload = core.state.uploads.get(ctx.params.upload_id.toLowerCase());
	if (!upload || upload.ownerId !== core.state.user.id) {
		throw new ApiError('not_found', 'Upload not found.', undefined, TUS_HEADERS);
	}
	if (upload.status === 'terminated') {
		if (options.goneIs404) throw new ApiError('not_found', 'Upload not found.', undefined, TUS_HEADERS);
		throw new ApiError('gone', GONE_MESSAGES[upload.endedBecause ?? 'cancelled'] ?? 'This upload has ended.', undefined, TUS_HEADERS);
	}
	return upload;
}
