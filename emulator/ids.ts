import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * Time-ordered UUIDv7, like the ids in Roughy's examples. The 12-bit rand_a
 * field carries a per-millisecond counter so ids made in the same millisecond
 * still sort in creation order, which "newest first" listings rely on.
 */
export function uuidv7(atMs: number = Date.now()): string {
	if (atMs === lastMs) {
		sequence = (sequence + 1) & 0xfff;
	} else {
		lastMs = atMs;
		sequence = randomBytes(2).readUInt16BE(0) & 0x3ff;
	}
	const bytes = randomBytes(16);
	bytes.writeUIntBE(atMs, 0, 6);
	bytes[6] = 0x70 | (sequence >> 8);
	bytes[7] = sequence & 0xff;
	bytes[8] = 0x80 | (bytes[8] & 0x3f);
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Svix-style opaque ids (`ep_…`, `msg_…`): a prefix and 27 base62 characters. */
export function opaqueId(prefix: string, length = 27): string {
	const bytes = randomBytes(length);
	let id = '';
	for (const byte of bytes) id += BASE62[byte % 62];
	return `${prefix}_${id}`;
}

export function randomAlphanumeric(length: number): string {
	return opaqueId('x', length).slice(2);
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID_PATTERN.test(value);
}
