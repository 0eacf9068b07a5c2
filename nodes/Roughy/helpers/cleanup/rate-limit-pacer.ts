import { abortableSleep } from '../../../shared/abortable-sleep';

/** Longest pause taken on the strength of a rate-limit header. */
const MAX_PAUSE_MS = 60_000;
/** Reset values above this are epoch seconds (GitHub style), not a delay. */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;

function headerNumber(headers: Record<string, string>, name: string): number | undefined {
	const raw = headers[`x-ratelimit-${name}`] ?? headers[`ratelimit-${name}`];
	if (raw === undefined) return undefined;
	const value = Number(raw.split(',')[0].trim());
	return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Paces a long run of requests by the quota headers, when the API sends them,
 * so the run waits for the next slot instead of spending a request on a 429.
 * Roughy does not document these headers, so nothing depends on them: without
 * them the pacer never waits, and the transport still waits out every 429
 * with its Retry-After.
 *
 * When the quota is spent, the pause is one request's share of the reset
 * window (reset / limit): exact for a token bucket that refills steadily,
 * and for a fixed window it just leads to a 429 whose Retry-After covers the
 * rest.
 */
export class RateLimitPacer {
	private remaining: number | undefined;

	/** One request's share of the reset window, once the headers have shown it. */
	private slotMs = 0;

	/** When the next request may go, as epoch ms; 0 while there is quota left. */
	private readyAtMs = 0;

	/** Reads the quota headers of a successful response received at `nowMs`. */
	observe(headers: Record<string, string>, nowMs = Date.now()): void {
		this.readyAtMs = 0;
		const remaining = headerNumber(headers, 'remaining');
		let resetSeconds = headerNumber(headers, 'reset');
		if (remaining === undefined || resetSeconds === undefined) return;
		if (resetSeconds > EPOCH_SECONDS_THRESHOLD) resetSeconds = Math.max(0, resetSeconds - nowMs / 1000);
		const limit = Math.max(1, headerNumber(headers, 'limit') ?? 1);
		this.remaining = remaining;
		if (resetSeconds > 0) this.slotMs = Math.min(MAX_PAUSE_MS, Math.ceil((resetSeconds * 1000) / limit));
		if (remaining < 1) this.readyAtMs = nowMs + this.slotMs;
	}

	/**
	 * Counts a request whose headers we could not read (it failed, e.g. 404):
	 * it still used quota, so once the last known quota is used up, each
	 * further request waits one slot.
	 */
	assumeSpent(nowMs = Date.now()): void {
		if (this.remaining === undefined) return;
		this.remaining = Math.max(0, this.remaining - 1);
		this.readyAtMs = this.remaining < 1 ? nowMs + this.slotMs : 0;
	}

	/** How long the next request should wait, in ms (0 while there is quota left). */
	pauseBeforeNextMs(nowMs = Date.now()): number {
		return Math.max(0, this.readyAtMs - nowMs);
	}

	/**
	 * Waits, if the quota is spent, until the next slot; the time since the
	 * last response counts towards it. Rejects when the execution is cancelled.
	 */
	async beforeNextRequest(signal?: AbortSignal): Promise<void> {
		await abortableSleep(this.pauseBeforeNextMs(), signal);
	}
}
