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
	return url.origin;
}

const baseUrlByContext = new WeakMap<object, Promise<string>>();

/** The normalized Base URL of the node's Roughy credential (read once per context). */
export async function getBaseUrl(context: RoughyFunctions): Promise<string> {
	let cached = baseUrlByContext.get(context);
	if (!cached) {
		cached = context.getCredentials(CREDENTIAL_TYPE).then((credentials) => {
			const normalized = normalizeBaseUrl(credentials.baseUrl);
			if (typeof normalized === 'string') return normalized;
			throw new NodeOperationError(context.getNode(), normalized.problem, {
				description: 'Open the Roughy credential and correct the Base URL.',
			});
		});
		baseUrlByContext.set(context, cached);
		cached.catch(() => baseUrlByContext.delete(context));
	}
	return await cached;
}
