import type { RateLimitOptions } from './options';

export type RateDecision =
	| { allowed: true; headers: Record<string, string> }
	| { allowed: false; retryAfterSeconds: number; headers: Record<string, string> };

/**
 * Token bucket over the /v1 surface. Roughy's limits and quota headers are
 * not documented: the X-RateLimit-* headers are emulator-only, so clients
 * must rely on 429 + Retry-After alone.
 */
export class RateLimiter {
	private tokens: number;
	private lastMs: number;
	private readonly capacity: number;
	private readonly perSecond: number;

	constructor(options: RateLimitOptions, nowMs: number) {
		this.perSecond = options.requestsPerSecond;
		this.capacity = options.burst ?? options.requestsPerSecond;
		this.tokens = this.capacity;
		this.lastMs = nowMs;
	}

	take(nowMs: number): RateDecision {
		this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.lastMs) / 1000) * this.perSecond);
		this.lastMs = nowMs;
		const allowed = this.tokens >= 1;
		if (allowed) this.tokens -= 1;
		const headers = {
			'X-RateLimit-Limit': String(this.capacity),
			'X-RateLimit-Remaining': String(Math.floor(this.tokens)),
			'X-RateLimit-Reset': String(Math.ceil((this.capacity - this.tokens) / this.perSecond)),
		};
		if (allowed) return { allowed, headers };
		// Retry-After is whole seconds and at least 1, as HTTP clients expect.
		return { allowed, headers, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond)) };
	}
}
