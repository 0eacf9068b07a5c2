import { readFileSync, writeFileSync } from 'node:fs';

const MIB = 1024 * 1024;

function statusField(name: string): number | undefined {
	try {
		const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

export interface RssReport {
	baselineMiB: number;
	/** Highest RSS seen by sampling process.memoryUsage().rss. */
	sampledPeakMiB: number;
	/** The kernel's high-water mark (VmHWM) since the sampler started, when Linux offers it. */
	kernelPeakMiB?: number;
	/** max(sampled, kernel) peak minus the baseline. */
	growthMiB: number;
}

/**
 * Peak RSS growth of this process while something runs. Samples
 * process.memoryUsage().rss every few milliseconds and, on Linux, also
 * resets and reads the kernel's own peak (VmHWM), which catches spikes
 * between samples.
 */
export class RssSampler {
	private baseline = 0;

	private peak = 0;

	private timer: NodeJS.Timeout | undefined;

	private kernelPeakAvailable = false;

	private stopped: RssReport | undefined;

	start(intervalMs = 50) {
		this.rebase();
		this.timer = setInterval(() => this.sample(), intervalMs);
	}

	/**
	 * Starts over from the current RSS. No GC is forced first: a forced full
	 * GC in the node's process made V8 collect more often for the rest of the
	 * run and cost the node a third of its throughput.
	 */
	rebase() {
		this.baseline = process.memoryUsage.rss();
		this.peak = this.baseline;
		try {
			// "5" resets the peak RSS counter (Linux ≥ 4.0).
			writeFileSync('/proc/self/clear_refs', '5');
			this.kernelPeakAvailable = statusField('VmHWM') !== undefined;
		} catch {
			this.kernelPeakAvailable = false;
		}
	}

	sample() {
		this.peak = Math.max(this.peak, process.memoryUsage.rss());
	}

	/** What stop() reported (or reports now). */
	report(): RssReport {
		return this.stopped ?? this.stop();
	}

	stop(): RssReport {
		if (this.stopped) return this.stopped;
		this.sample();
		clearInterval(this.timer);
		const kernelPeak = this.kernelPeakAvailable ? statusField('VmHWM') : undefined;
		const top = Math.max(this.peak, kernelPeak ?? 0);
		this.stopped = {
			baselineMiB: this.baseline / MIB,
			sampledPeakMiB: this.peak / MIB,
			kernelPeakMiB: kernelPeak === undefined ? undefined : kernelPeak / MIB,
			growthMiB: (top - this.baseline) / MIB,
		};
		return this.stopped;
	}
}
