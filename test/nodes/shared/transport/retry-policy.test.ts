import {
	isSafeToRepeat,
	MAX_TRANSIENT_RETRIES,
	nextDelayAfterFailure,
	nextDelayAfterNetworkError,
	QUICK_RETRY_LIMITS,
	RATE_LIMIT_BUDGET_MS,
} from '../../../../nodes/shared/transport/retry-policy';

const fresh = () => ({ transientRetries: 0, rateLimitWaitedMs: 0 });

describe('when a request is repeated', () => {
	test('reads and deletes are safe to repeat, creates only when documented idempotent', () => {
		expect(isSafeToRepeat('GET')).toBe(true);
		expect(isSafeToRepeat('DELETE')).toBe(true);
		expect(isSafeToRepeat('POST')).toBe(false);
		expect(isSafeToRepeat('POST', true)).toBe(true);
		expect(isSafeToRepeat('PATCH')).toBe(false);
	});

	test('a 429 is waited out for every method, as long as Retry-After asks', () => {
		expect(nextDelayAfterFailure({ status: 429, retryAfterSeconds: 7 }, false, fresh())).toBe(7000);
	});

	test('a 429 without Retry-After still waits a little', () => {
		expect(nextDelayAfterFailure({ status: 429 }, false, fresh())).toBeGreaterThanOrEqual(1000);
	});

	test('429s stop being retried once the rate-limit budget is spent', () => {
		const spent = { transientRetries: 0, rateLimitWaitedMs: RATE_LIMIT_BUDGET_MS };

		expect(nextDelayAfterFailure({ status: 429, retryAfterSeconds: 1 }, true, spent)).toBeUndefined();
	});

	test('a 5xx is repeated only when repeating cannot create twice', () => {
		expect(nextDelayAfterFailure({ status: 503 }, true, fresh())).toBe(1000);
		expect(nextDelayAfterFailure({ status: 503 }, false, fresh())).toBeUndefined();
	});

	test('backoff doubles and gives up after the last transient retry', () => {
		const state = fresh();
		const delays: Array<number | undefined> = [];
		for (let i = 0; i <= MAX_TRANSIENT_RETRIES; i++) {
			delays.push(nextDelayAfterNetworkError(true, state));
			state.transientRetries++;
		}

		expect(delays).toEqual([1000, 2000, 4000, 8000, undefined]);
	});

	test('client errors are never repeated', () => {
		for (const status of [400, 401, 402, 404, 409, 422]) {
			expect(nextDelayAfterFailure({ status }, true, fresh())).toBeUndefined();
		}
	});
});

describe('quick retries, for answers a webhook sender waits on', () => {
	test('one retry after a 5xx, then give up', () => {
		const state = { transientRetries: 0, rateLimitWaitedMs: 0, ...QUICK_RETRY_LIMITS };

		expect(nextDelayAfterFailure({ status: 503 }, true, state)).toBe(1000);
		state.transientRetries++;
		expect(nextDelayAfterFailure({ status: 503 }, true, state)).toBeUndefined();
	});

	test('only a few seconds of 429s are waited out', () => {
		const state = { transientRetries: 0, rateLimitWaitedMs: 4_000, ...QUICK_RETRY_LIMITS };

		expect(nextDelayAfterFailure({ status: 429, retryAfterSeconds: 2 }, true, state)).toBeUndefined();
	});
});
