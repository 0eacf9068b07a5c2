import type { IHttpRequestMethods } from 'n8n-workflow';

import type { RoughyFailure } from './errors';

/** How many times a failed request is repeated after a 5xx or a dropped connection. */
export const MAX_TRANSIENT_RETRIES = 4;
/** How long a request keeps waiting out 429s before it gives up. */
export const RATE_LIMIT_BUDGET_MS = 5 * 60_000;
/** Longest single wait we accept from a Retry-After header. */
export const MAX_RETRY_AFTER_MS = 60_000;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 16_000;

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Whether repeating the request cannot create or charge anything twice.
 * GET/HEAD/DELETE/PUT are safe by HTTP semantics; POSTs only when the API
 * documents them as idempotent (cuts, renders) and the caller says so.
 * Asset creation is never marked idempotent: a second POST is a second asset.
 */
export function isSafeToRepeat(method: IHttpRequestMethods, idempotent?: boolean): boolean {
	if (idempotent !== undefined) return idempotent;
	return method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'PUT';
}

export function backoffMs(retryNumber: number): number {
	return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** retryNumber);
}

export interface RetryState {
	transientRetries: number;
	rateLimitWaitedMs: number;
	/** Lower limits for callers someone is waiting on (a webhook sender). */
	maxTransientRetries?: number;
	rateLimitBudgetMs?: number;
}

/** Limits for a request answered while a webhook sender waits: one quick retry, then give up. */
export const QUICK_RETRY_LIMITS = { maxTransientRetries: 1, rateLimitBudgetMs: 5_000 };

/**
 * The wait before the next attempt, or undefined to give up.
 * A 429 means Roughy did not act on the request, so it is repeated for every
 * method (asset creation included) while the rate-limit budget lasts.
 */
export function nextDelayAfterFailure(
	failure: RoughyFailure,
	safeToRepeat: boolean,
	state: RetryState,
): number | undefined {
	if (failure.status === 429) {
		const asked = (failure.retryAfterSeconds ?? 0) * 1000;
		const delay = Math.min(MAX_RETRY_AFTER_MS, Math.max(asked, backoffMs(0)));
		if (state.rateLimitWaitedMs + delay > (state.rateLimitBudgetMs ?? RATE_LIMIT_BUDGET_MS)) return undefined;
		return delay;
	}
	if (safeToRepeat && TRANSIENT_STATUSES.has(failure.status)) {
		return nextTransientDelay(state, failure.retryAfterSeconds);
	}
	return undefined;
}

/** Wait before repeating after a dropped connection, or undefined to give up. */
export function nextDelayAfterNetworkError(
	safeToRepeat: boolean,
	state: RetryState,
): number | undefined {
	return safeToRepeat ? nextTransientDelay(state) : undefined;
}

function nextTransientDelay(state: RetryState, retryAfterSeconds?: number): number | undefined {
	if (state.transientRetries >= (state.maxTransientRetries ?? MAX_TRANSIENT_RETRIES)) return undefined;
	const computed = backoffMs(state.transientRetries);
	const asked = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 0;
	return Math.min(MAX_RETRY_AFTER_MS, Math.max(computed, asked));
}
