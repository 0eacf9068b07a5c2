import path from 'node:path';

import { Clock } from './clock';
import { DownloadSigner } from './download-urls';
import type { RecordedRequest } from './http/request-log';
import { uuidv7 } from './ids';
import { Scheduler } from './lifecycle/scheduler';
import type { ResolvedOptions } from './options';
import { UploadHasher } from './uploads/upload-hasher';
import { EmulatorState } from './state';
import type { EventSink } from './webhooks/events';

/**
 * The parts every handler and lifecycle step shares: options, state, clock,
 * scheduler, signed URLs and the event sink. Built once per emulator.
 */
export class EmulatorCore {
	readonly clock = new Clock();
	readonly state: EmulatorState;
	readonly scheduler: Scheduler;
	readonly downloads: DownloadSigner;
	readonly requests: RecordedRequest[] = [];
	readonly contractViolations: string[] = [];
	readonly hasher: UploadHasher;
	events: EventSink = { emit: () => undefined };

	constructor(
		readonly options: ResolvedOptions,
		readonly storageDir: string,
	) {
		const createdAt = this.clock.timestamp(Date.UTC(2026, 3, 15, 8, 23, 11, 452));
		this.state = new EmulatorState(
			{
				id: uuidv7(Date.UTC(2026, 3, 15)),
				email: 'emulator@roughy.test',
				name: 'Emulator User',
				email_verified_at: createdAt,
				deleted_at: null,
				created_at: createdAt,
			},
			uuidv7(Date.UTC(2026, 3, 16)),
		);
		this.scheduler = new Scheduler(options.manualTiming ? 'manual' : 'auto');
		this.downloads = new DownloadSigner(this.clock, options.downloadUrlTtlSeconds);
		this.hasher = new UploadHasher(options.uploadHashing);
	}

	uploadFilePath(uploadId: string): string {
		return path.join(this.storageDir, `${uploadId}.upload`);
	}
}
