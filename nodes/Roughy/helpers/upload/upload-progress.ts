import type { Logger } from 'n8n-workflow';

const STEP_PERCENT = 10;
/** A slow upload still says something at least this often. */
const MAX_SILENCE_MS = 30_000;

export function formatBytes(bytes: number): string {
	const units = ['bytes', 'KiB', 'MiB', 'GiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Writes upload progress to n8n's log every 10 % and at least every 30 s,
 * so a long upload can be followed in the server log. Only the asset id and
 * byte counts are logged: never URLs, headers or the key.
 */
export class UploadProgressLog {
	private readonly startedAt = Date.now();

	private lastLoggedAt = Date.now();

	private lastStep = -1;

	constructor(
		private readonly logger: Logger,
		private readonly assetId: string,
		private readonly total: number,
		private readonly startOffset: number,
	) {}

	/** `readFrom` says how the file is read: in place from n8n's filesystem store, or through n8n's binary stream. */
	started(readFrom: 'file' | 'stream') {
		const from = this.startOffset > 0 ? ` from byte ${this.startOffset}` : '';
		this.logger.info(`Roughy: uploading ${formatBytes(this.total)} to asset ${this.assetId}${from}`, {
			assetId: this.assetId,
			totalBytes: this.total,
			startOffset: this.startOffset,
			readFrom,
		});
		this.lastStep = Math.floor((this.startOffset / this.total) * (100 / STEP_PERCENT));
	}

	accepted(offset: number) {
		const step = Math.floor((offset / this.total) * (100 / STEP_PERCENT));
		const now = Date.now();
		if (step <= this.lastStep && now - this.lastLoggedAt < MAX_SILENCE_MS) return;
		this.lastStep = Math.max(step, this.lastStep);
		this.lastLoggedAt = now;
		const seconds = (now - this.startedAt) / 1000;
		const rate = seconds > 0 ? (offset - this.startOffset) / seconds : 0;
		const percent = Math.floor((offset / this.total) * 100);
		this.logger.info(
			`Roughy: asset ${this.assetId} upload at ${percent}% (${formatBytes(offset)} of ${formatBytes(this.total)}, ${formatBytes(rate)}/s)`,
			{ assetId: this.assetId, offset, totalBytes: this.total },
		);
	}
}
