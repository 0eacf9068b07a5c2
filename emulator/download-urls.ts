import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { Clock } from './clock';

/**
 * Short-lived signed URLs in the shape of the S3/Tigris presigned links in
 * Roughy's examples (X-Amz-Date + X-Amz-Expires + X-Amz-Signature). They are
 * served by the storage listener without a bearer key; the signature is an
 * HMAC over the path and validity window with a per-emulator secret.
 */
export class DownloadSigner {
	private readonly secret = randomBytes(32);

	constructor(
		private readonly clock: Clock,
		private readonly ttlSeconds: number,
	) {}

	sign(origin: string, path: string): string {
		const date = amzDate(this.clock.nowMs());
		const expires = String(this.ttlSeconds);
		const query = new URLSearchParams({
			'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
			'X-Amz-Date': date,
			'X-Amz-Expires': expires,
			'X-Amz-SignedHeaders': 'host',
			'X-Amz-Signature': this.signature(path, date, expires),
		});
		return `${origin}${path}?${query.toString()}`;
	}

	/** Why the URL is not acceptable now, or null if it is. */
	check(path: string, query: URLSearchParams): 'missing' | 'bad_signature' | 'expired' | null {
		const date = query.get('X-Amz-Date');
		const expires = query.get('X-Amz-Expires');
		const signature = query.get('X-Amz-Signature');
		if (!date || !expires || !signature) return 'missing';
		const expected = Buffer.from(this.signature(path, date, expires), 'hex');
		const given = Buffer.from(signature, 'hex');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
		const issuedMs = parseAmzDate(date);
		if (issuedMs === null || this.clock.nowMs() > issuedMs + Number(expires) * 1000) return 'expired';
		return null;
	}

	private signature(path: string, date: string, expires: string): string {
		return createHmac('sha256', this.secret).update(`${path}\n${date}\n${expires}`).digest('hex');
	}
}

/** 20260502T085452Z */
function amzDate(atMs: number): string {
	return new Date(atMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | null {
	const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!match) return null;
	const [, y, mo, d, h, mi, s] = match;
	return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}
