import type { IncomingMessage } from 'node:http';

/** One request as the emulator saw it. Never holds a credential. */
export interface RecordedRequest {
	id: string;
	at: string;
	/** `api` (the /v1 surface) or `storage` (signed download URLs). */
	surface: 'api' | 'storage';
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Every request header, lower-cased; authorization, cookie and proxy-authorization become '[present]'. */
	headers: Record<string, string>;
	/** Parsed JSON body, when the request had one. */
	body?: unknown;
	/** Body size in bytes for non-JSON bodies (TUS PATCH). */
	bodyBytes?: number;
	/** Status answered; null when the connection was dropped instead. */
	status: number | null;
	/** The fault rule applied, if any (e.g. "reset", "status 503"). */
	fault?: string;
	durationMs: number;
}

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
/** Oldest entries are dropped past this, so a long benchmark can't grow memory without bound. */
export const MAX_RECORDED_REQUESTS = 50_000;

export function recordRequest(
	req: IncomingMessage,
	id: string,
	at: string,
	surface: RecordedRequest['surface'],
	url: URL,
): RecordedRequest {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		headers[name] = SECRET_HEADERS.has(name) ? '[present]' : Array.isArray(value) ? value.join(', ') : value;
	}
	const query: Record<string, string | string[]> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		query[key] = values.length === 1 ? values[0] : values;
	}
	return { id, at, surface, method: req.method ?? 'GET', path: url.pathname, query, headers, status: null, durationMs: 0 };
}

export function appendBounded(log: RecordedRequest[], entry: RecordedRequest): void {
	log.push(entry);
	if (log.length > MAX_RECORDED_REQUESTS) log.splice(0, log.length - MAX_RECORDED_REQUESTS);
}
