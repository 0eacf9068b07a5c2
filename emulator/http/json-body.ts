import { ApiError } from '../errors';
import { ConnectionDropped, type RequestContext } from './context';

/** JSON request bodies in this API are small; anything larger is refused. */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

function isJsonContentType(contentType: string): boolean {
	const mediaType = contentType.split(';')[0].trim().toLowerCase();
	return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * Reads and parses a JSON body. Returns undefined for an empty body (the
 * handler's validation then reports the missing fields). Honours the
 * `resetAfterBytes` fault by reading that many bytes and hanging up.
 */
export async function readJsonBody(ctx: RequestContext): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	const dropAfter = ctx.dropAfterBodyBytes;
	for await (const chunk of ctx.req) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (dropAfter !== null && size >= dropAfter) {
			ctx.record.bodyBytes = dropAfter;
			ctx.req.socket?.destroy();
			throw new ConnectionDropped(`dropped after ${dropAfter} body bytes`);
		}
		if (size > MAX_JSON_BODY_BYTES) {
			throw new ApiError('payload_too_large', 'The request body is larger than 1 MiB.');
		}
		chunks.push(buffer);
	}
	if (dropAfter !== null) {
		// The whole body was shorter than the cut-off: drop once it is in.
		ctx.record.bodyBytes = size;
		ctx.req.socket?.destroy();
		throw new ConnectionDropped(`dropped after ${size} body bytes`);
	}
	if (size === 0) return undefined;
	const contentType = ctx.req.headers['content-type'] ?? '';
	if (!isJsonContentType(contentType)) {
		throw new ApiError('unsupported_media_type', 'Send the request body as application/json.');
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new ApiError('bad_request', 'The request body is not valid JSON.');
	}
	ctx.record.body = parsed;
	return parsed;
}
