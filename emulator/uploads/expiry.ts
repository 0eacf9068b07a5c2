import { rmSync } from 'node:fs';

import type { EmulatorCore } from '../core';
import type { UploadRecord } from '../model';

/**
 * Ends an upload session: the file goes, the record stays as a tombstone so
 * HEAD/PATCH answer 410 instead of 404.
 */
export function terminateUpload(core: EmulatorCore, upload: UploadRecord, because: string): void {
	upload.status = 'terminated';
	upload.endedBecause = because;
	upload.writer?.abort();
	rmSync(upload.filePath, { force: true });
}

/**
 * Pending uploads older than `uploadExpiryMs` expire: the session ends (410)
 * and the never-completed asset is removed. Checked lazily whenever uploads
 * or assets are read, against the emulator clock.
 */
export function expireStaleUploads(core: EmulatorCore): void {
	const now = core.clock.nowMs();
	for (const upload of core.state.uploads.values()) {
		if (upload.status !== 'open' || upload.writer) continue;
		if (now - upload.createdAtMs <= core.options.uploadExpiryMs) continue;
		terminateUpload(core, upload, 'expired');
		const asset = core.state.assets.get(upload.assetId);
		if (asset?.state === 'pending_upload') core.state.assets.delete(asset.id);
	}
}
