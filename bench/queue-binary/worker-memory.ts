import { readFileSync, writeFileSync } from 'node:fs';

const MIB = 1024 * 1024;

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM); undefined once the process is gone. */
function statusField(pid: number, name: string): number | undefined {
	try {
		const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Whether the process still runs (a dead one that is not reaped yet has no VmRSS). */
export function isAlive(pid: number): boolean {
	return statusField(pid, 'VmRSS') !== undefined;
}

export interface MemoryWindow {
	/** RSS when watching started. */
	baselineMiB: number;
	/** The kernel's peak RSS (VmHWM) since watching started; the sampled peak if the process died. */
	peakMiB: number;
	/** Highest sampled RSS in each named time window, e.g. while one node ran. */
	windowPeaksMiB: Record<string, number>;
}

/**
 * Watches another process's memory (here n8n's worker) from outside: resets
 * its kernel peak-RSS counter, then samples VmRSS with timestamps, so the
 * peak can be told per node from the execution's own start and end times.
 */
export class ProcessMemoryWatch {
	private readonly samples: Array<{ at: number; rss: number }> = [];
	private readonly baseline: number;
	private readonly timer: NodeJS.Timeout;

	constructor(private readonly pid: number, intervalMs = 50) {
		// "5" resets VmHWM to the current RSS (Linux ≥ 4.0; root or the process's owner).
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		this.baseline = statusField(pid, 'VmRSS') ?? 0;
		this.timer = setInterval(() => {
			const rss = statusField(pid, 'VmRSS');
			if (rss !== undefined) this.samples.push({ at: Date.now(), rss });
		}, intervalMs);
	}

	stop(windows: Record<string, { start: number; end: number }>): MemoryWindow {
		clearInterval(this.timer);
		const windowPeaksMiB = Object.fromEntries(
			Object.entries(windows).map(([name, { start, end }]) => {
				const inside = this.samples.filter((sample) => sample.at >= start && sample.at <= end).map((sample) => sample.rss);
				return [name, Math.max(0, ...inside) / MIB];
			}),
		);
		const peak = statusField(this.pid, 'VmHWM') ?? Math.max(0, ...this.samples.map((sample) => sample.rss));
		return { baselineMiB: this.baseline / MIB, peakMiB: peak / MIB, windowPeaksMiB };
	}
}
