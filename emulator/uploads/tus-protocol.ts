import type { RequestContext } from '../http/context';
import { ApiError } from '../errors';
import { MAX_UPLOAD_BYTES } from '../model';

/** TUS 1.0.0 constants and the checks every upload request shares. */
export const TUS_VERSION = '1.0.0';
export const TUS_CONTENT_TYPE = 'application/offset+octet-stream';

/** Sent on every upload response, errors included, as TUS requires. */
export const TUS_HEADERS = { 'Tus-Resumable': TUS_VERSION };

export const TUS_DISCOVERY_HEADERS = {
	'Tus-Resumable': TUS_VERSION,
	'Tus-Version': TUS_VERSION,
	'Tus-Max-Size': String(MAX_UPLOAD_BYTES),
	'Tus-Extension': 'termination',
};

export function requireTusResumable(ctx: RequestContext): void {
	if (ctx.req.headers['tus-resumable'] !== TUS_VERSION) {
		throw new ApiError('precondition_failed', 'Tus-Resumable header missing or wrong version.', undefined, {
			...TUS_HEADERS,
			'Tus-Version': TUS_VERSION,
		});
	}
}

export function requireOffsetContentType(ctx: RequestContext): void {
	const mediaType = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (mediaType !== TUS_CONTENT_TYPE) {
		throw new ApiError('unsupported_media_type', `Upload chunks must be sent as ${TUS_CONTENT_TYPE}.`, undefined, TUS_HEADERS);
	}
}

/** A header holding a non-negative integer, or 400 bad_request. */
export function readByteCountHeader(ctx: RequestContext, name: string, required: boolean): number | undefined {
	const raw = ctx.req.headers[name.toLowerCase()];
	if (raw === undefined) {
		if (!required) return undefined;
		throw new ApiError('bad_request', `Missing ${name} header.`, undefined, TUS_HEADERS);
	}
	if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim())) {
		throw new ApiError('bad_request', `${name} must be a non-negative integer.`, undefined, TUS_HEADERS);
	}
	return Number(raw);
}
