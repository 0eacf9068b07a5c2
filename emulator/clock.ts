/**
 * The emulator's notion of "now". Tests move it forward (advanceClock) to
 * expire signed URLs or pending uploads without waiting; timers that drive
 * state changes still run on real time.
 */
export class Clock {
	private offsetMs = 0;

	nowMs(): number {
		return Date.now() + this.offsetMs;
	}

	advance(ms: number): void {
		this.offsetMs += ms;
	}

	reset(): void {
		this.offsetMs = 0;
	}

	/** Roughy's timestamp form: ISO-8601 UTC with microseconds, e.g. 2026-05-02T08:54:52.423000Z. */
	timestamp(atMs: number = this.nowMs()): string {
		return toRoughyTimestamp(atMs);
	}
}

export function toRoughyTimestamp(atMs: number): string {
	return new Date(atMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** A timestamp given by a test (any ISO-8601 form), in Roughy's form, so lists sort by it correctly. */
export function normalizeTimestamp(value: string): string {
	const atMs = Date.parse(value);
	if (!Number.isFinite(atMs)) throw new Error(`not an ISO-8601 timestamp: ${value}`);
	return toRoughyTimestamp(atMs);
}
