import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, type RoughyFunctions } from './context';

export const DEFAULT_BASE_URL = 'https://api.roughy.ai';

/**
 * Turns the credential's Base URL into an origin we can append `/v1/...` to,
 * or explains what is wrong with it. A path is refused rather than guessed at:
 * `https://api.roughy.ai/v1` would otherwise become `/v1/v1/...` and fail with
 * a confusing 404 on every call. Returns the origin, or `{ problem }`.
 */
export function normalizeBaseUrl(raw: unknown): string | { problem: string } {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') return DEFAULT_BASE_URL;
	if (!/^https?:\/\//i.test(text)) {
		return {
			problem:
				`The Roughy credential's Base URL "${text}" has no scheme. Use a full URL such as ${DEFAULT_BASE_URL}.`,
		};
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {
			problem:
				`The Roughy credential's Base URL "${text}" is not a valid URL. Use a full URL such as ${DEFAULT_BASE_URL}.`,
		};
	}
	if (url.username || url.password) {
		return {
			problem:
				"The Roughy credential's Base URL must not contain a user name or password. Put the key in the API Key field.",
		};
	}
	if (url.pathname !== '/' || url.search || url.hash) {
		return {
			problem:
				`The Roughy credential's Base URL must be the API host only, without a path: use ${url.origin} instead of ${text}.`,
		};
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			problem:
				`The Roughy credential's Base URL "${text}" uses plain http, which would send the API key unencrypted. Use https://${url.host}. Plain http is only accepted for this machine (localhost, 127.x.x.x, ::1), e.g. a local Roughy emulator.`,
		};
	}
	return url.origin;
}

/** Hosts whose traffic never leaves the machine, so plain http cannot expose the key on a network. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** How long an API call may stay silent before it counts as failed, unless the credential says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** What the transport needs from the credential: where Roughy is, how long to wait, and what must never be shown. */
export interface RoughyConnection {
	baseUrl: string;
	/** Idle timeout of one API call. */
	timeoutMs: number;
	/** Texts to redact from anything a server says (the API key). */
	secrets: string[];
}

/** The credential's timeout in milliseconds; an empty or unusable value means the default. */
export function timeoutFromCredential(raw: unknown): number {
	const seconds = Number(raw);
	if (raw === undefined || raw === null || raw === '' || !Number.isFinite(seconds) || seconds <= 0) {
		return DEFAULT_TIMEOUT_SECONDS * 1000;
	}
	return Math.round(Math.min(seconds, 3600) * 1000);
}

const connectionByContext = new WeakMap<object, Promise<RoughyConnection>>();

/** The credential's Base URL (normalized), timeout and key, read once per context. */
export async function getConnection(context: RoughyFunctions): Promise<RoughyConnection> {
	let cached = connectionByContext.get(context);
	if (!cached) {
		cached = context.getCredentials(CREDENTIAL_TYPE).then((credentials) => {
			const normalized = normalizeBaseUrl(credentials.baseUrl);
			if (typeof normalized !== 'string') {
				throw new NodeOperationError(context.getNode(), normalized.problem, {
					description: 'Open the Roughy credential and correct the Base URL.',
				});
			}
			const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
			return {
				baseUrl: normalized,
				timeoutMs: timeoutFromCredential(credentials.timeoutSeconds),
				secrets: apiKey.length >= 4 ? [apiKey] : [],
			};
		});
		connectionByContext.set(context, cached);
		cached.catch(() => connectionByContext.delete(context));
	}
	return await cached;
}

/** The normalized Base URL of the node's Roughy credential (read once per context). */
export async function getBaseUrl(context: RoughyFunctions): Promise<string> {
	return (await getConnection(context)).baseUrl;
}
