import type { Readable } from 'node:stream';

/**
 * What a handler answers. Handlers return a value instead of writing to the
 * socket so the server can check it against the contract, or swap it for a
 * fault, before anything is sent.
 */
export interface EmulatorResponse {
	status: number;
	headers?: Record<string, string | number>;
	/** Serialised as application/json. */
	json?: unknown;
	/** Raw body: text, bytes or a stream (downloads). */
	body?: string | Buffer | Readable;
}

export function jsonResponse(status: number, json: unknown, headers: Record<string, string | number> = {}): EmulatorResponse {
	return { status, json, headers };
}

export function emptyResponse(status = 204, headers: Record<string, string | number> = {}): EmulatorResponse {
	return { status, headers };
}
