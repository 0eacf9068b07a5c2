import { readFileSync, writeFileSync } from 'node:fs';

const MIB = 1024 * 1024;

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM). */
function statusField(pid: number, name: string): number {
	const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
	return Number(match[1]) * 1024;
}

export interface MemoryWindow {
	/** RSS when watching started. */
	baselineMiB: number;
	/** The kernel's peak RSS (VmHWM) since watching started. */
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
		this.baseline = statusField(pid, 'VmRSS');
		this.timer = setInterval(() => this.samples.push({ at: Date.now(), rss: statusField(pid, 'VmRSS') }), intervalMs);
	}

	stop(windows: Record<string, { start: number; end: number }>): MemoryWindow {
		clearInterval(this.timer);
		const windowPeaksMiB = Object.fromEntries(
			Object.entries(windows).map(([name, { start, end }]) => {
				const inside = this.samples.filter((sample) => sample.at >= start && sample.at <= end).map((sample) => sample.rss);
				return [name, Math.max(0, ...inside) / MIB];
			}),
		);
		return { baselineMiB: this.baseline / MIB, peakMiB: statusField(this.pid, 'VmHWM') / MIB, windowPeaksMiB };
	}
}
