/**
 * Runs the emulator's delayed state changes (asset processing, cut compute,
 * render encode). One job per key (`asset:<id>`), so a test that moves an
 * entity by hand cancels whatever was queued for it.
 *
 * `auto` mode runs jobs on timers; `manual` mode queues them until a test
 * calls advanceAll() (or runs one key with advance()).
 */
export type SchedulerMode = 'auto' | 'manual';

interface Job {
	key: string;
	dueAtMs: number;
	run: () => void;
	timer?: NodeJS.Timeout;
}

/** advanceAll() stops after this many steps, in case a job keeps rescheduling itself. */
const MAX_STEPS = 10_000;

export class Scheduler {
	private readonly jobs = new Map<string, Job>();
	private idleWaiters: Array<() => void> = [];

	constructor(readonly mode: SchedulerMode) {}

	schedule(key: string, delayMs: number, run: () => void): void {
		this.cancel(key);
		const job: Job = { key, dueAtMs: Date.now() + delayMs, run };
		this.jobs.set(key, job);
		if (this.mode === 'auto') {
			job.timer = setTimeout(() => this.runJob(job), delayMs);
		}
	}

	cancel(key: string): void {
		const job = this.jobs.get(key);
		if (!job) return;
		clearTimeout(job.timer);
		this.jobs.delete(key);
		this.notifyIfIdle();
	}

	pendingKeys(): string[] {
		return [...this.jobs.keys()];
	}

	/** Runs the job queued under this key now, if any. */
	advance(key: string): boolean {
		const job = this.jobs.get(key);
		if (!job) return false;
		this.runJob(job);
		return true;
	}

	/** Runs every queued job, earliest first, including the ones they queue, until none is left. */
	advanceAll(): number {
		let steps = 0;
		while (this.jobs.size > 0 && steps < MAX_STEPS) {
			const next = [...this.jobs.values()].sort((a, b) => a.dueAtMs - b.dueAtMs)[0];
			this.runJob(next);
			steps++;
		}
		return steps;
	}

	/** Resolves once nothing is queued (in manual mode, only after the test advances). */
	idle(): Promise<void> {
		if (this.jobs.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	clear(): void {
		for (const job of this.jobs.values()) clearTimeout(job.timer);
		this.jobs.clear();
		this.notifyIfIdle();
	}

	private runJob(job: Job): void {
		clearTimeout(job.timer);
		if (this.jobs.get(job.key) === job) this.jobs.delete(job.key);
		try {
			job.run();
		} finally {
			this.notifyIfIdle();
		}
	}

	private notifyIfIdle(): void {
		if (this.jobs.size > 0) return;
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of waiters) resolve();
	}
}
