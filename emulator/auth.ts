import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { ApiError } from './errors';

function digest(value: string): Buffer {
	return createHash('sha256').update(value).digest();
}

/**
 * `Authorization: Bearer <key>` with the emulator's one key; anything else is
 * 401 `unauthenticated`. Compared as digests in constant time so the key's
 * length and prefix don't leak through timing.
 */
export function requireBearer(req: IncomingMessage, apiKey: string): void {
	const header = req.headers.authorization ?? '';
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	if (!match || !timingSafeEqual(digest(match[1]), digest(apiKey))) {
		throw new ApiError('unauthenticated', 'Missing or invalid API key.', undefined, { 'WWW-Authenticate': 'Bearer' });
	}
}
