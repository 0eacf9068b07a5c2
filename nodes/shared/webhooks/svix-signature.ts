import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Svix signatures (the scheme Roughy's deliveries use), verified by hand so
 * the package needs no runtime dependency for it. The scheme is Svix's
 * "verifying payloads manually" page, step by step: HMAC-SHA256 keyed with the
 * secret's base64 part, over `{id}.{timestamp}.{raw body}`, base64 digest,
 * compared with every `v1,` entry of the space-separated signature header.
 */

/** How far a delivery's timestamp may be from our clock, either way (Svix's default). */
export const SVIX_TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION = 'v1';

export interface SvixDelivery {
	/** `svix-id`: the message id, the same on every retry. */
	id?: string;
	/** `svix-timestamp`: Unix seconds when this attempt was signed. */
	timestamp?: string;
	/** `svix-signature`: e.g. `v1,abc= v1,def=` (several while a key rotates). */
	signature?: string;
	/** The body exactly as received, before any JSON parsing. */
	rawBody: Buffer | string;
}

/** Which check a delivery failed, so the 401 and the log can say so. */
export type SvixCheck = 'headers' | 'timestamp' | 'secret' | 'signature';

export type SvixVerification =
	| { valid: true; id: string; signedAt: Date }
	| { valid: false; failedCheck: SvixCheck; reason: string };

export interface SvixVerifyOptions {
	/** Defaults to now; tests pass a fixed clock. */
	nowSeconds?: number;
	toleranceSeconds?: number;
}

/** The HMAC key inside a Svix secret (`whsec_<base64>`, the prefix being optional). */
export function decodeSvixSecret(secret: string): Buffer | undefined {
	const encoded = secret.trim().startsWith(SECRET_PREFIX)
		? secret.trim().slice(SECRET_PREFIX.length)
		: secret.trim();
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 ? key : undefined;
}

/** The base64 `v1` signature Svix sends for this message. */
export function computeSvixSignature(
	key: Buffer,
	id: string,
	timestamp: string,
	rawBody: Buffer | string,
): string {
	return createHmac('sha256', key)
		.update(`${id}.${timestamp}.`)
		.update(rawBody)
		.digest('base64');
}

function constantTimeEquals(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

const fail = (failedCheck: SvixCheck, reason: string): SvixVerification => ({
	valid: false,
	failedCheck,
	reason,
});

/**
 * Checks a delivery against every candidate secret. Never throws; the result
 * names the first check that failed.
 */
export function verifySvixSignature(
	delivery: SvixDelivery,
	secrets: readonly string[],
	options: SvixVerifyOptions = {},
): SvixVerification {
	const missing = (['id', 'timestamp', 'signature'] as const)
		.filter((field) => !delivery[field])
		.map((field) => `svix-${field}`);
	if (missing.length > 0) return fail('headers', `Missing header ${missing.join(', ')}`);
	const { id, timestamp, signature } = delivery as Required<SvixDelivery>;

	if (!/^\d{1,12}$/.test(timestamp)) {
		return fail('timestamp', 'The svix-timestamp header is not a Unix time in seconds');
	}
	const tolerance = options.toleranceSeconds ?? SVIX_TOLERANCE_SECONDS;
	const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
	const signedAt = Number(timestamp);
	if (now - signedAt > tolerance) {
		return fail('timestamp', `The delivery was signed more than ${tolerance} seconds ago`);
	}
	if (signedAt - now > tolerance) {
		return fail('timestamp', `The delivery is dated more than ${tolerance} seconds in the future`);
	}

	const keys = secrets.map(decodeSvixSecret).filter((key): key is Buffer => key !== undefined);
	if (keys.length === 0) return fail('secret', 'No signing secret to verify the delivery with');

	const offered = signature
		.split(' ')
		.map((entry) => entry.split(','))
		.filter(([version, value]) => version === SIGNATURE_VERSION && value)
		.map(([, value]) => value);
	const matches = keys.some((key) => {
		const expected = computeSvixSignature(key, id, timestamp, delivery.rawBody);
		// Every entry is compared, so timing doesn't reveal which one matched.
		return offered.map((value) => constantTimeEquals(expected, value)).includes(true);
	});
	if (!matches) return fail('signature', 'No v1 signature in svix-signature matches the body');

	return { valid: true, id, signedAt: new Date(signedAt * 1000) };
}
