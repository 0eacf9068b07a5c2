import { appendLedger, creditsFor, durationFor } from '../billing';
import type { EmulatorCore } from '../core';
import type { AssetRecord, AssetState } from '../model';

/**
 * The asset state machine after the bytes are in:
 * processing → ready (charged) | pending_payment (charge not covered) | failed (never charged).
 */

/** The last byte landed: size is known, the asset is prepared after `assetProcessingMs`. */
export function startProcessing(core: EmulatorCore, asset: AssetRecord, sizeBytes: number): void {
	asset.state = 'processing';
	asset.size_bytes = sizeBytes;
	scheduleProcessing(core, asset);
}

export function scheduleProcessing(core: EmulatorCore, asset: AssetRecord): void {
	core.scheduler.schedule(`asset:${asset.id}`, core.options.assetProcessingMs, () => finishProcessing(core, asset));
}

/** Measures the duration and settles the charge: 1 credit per started minute. */
export function finishProcessing(core: EmulatorCore, asset: AssetRecord): void {
	if (asset.state !== 'processing' || !core.state.assets.has(asset.id)) return;
	if (!asset.media) {
		failAsset(core, asset, 'unsupported_media', 'The file is not audio or video.');
		return;
	}
	asset.duration_seconds ??= durationFor(asset.media, asset.size_bytes ?? 0);
	asset.credits = creditsFor(asset.duration_seconds);
	if (core.state.balance() >= asset.credits) {
		appendLedger(core.state, core.clock, 'consume_asset', -asset.credits, { asset_id: asset.id });
		markAssetReady(core, asset, 'processing');
	} else {
		asset.state = 'pending_payment';
		core.events.emit('asset.pending_payment', { entity_id: asset.id, asset_id: asset.id });
	}
}

export function markAssetReady(core: EmulatorCore, asset: AssetRecord, previousState: AssetState): void {
	asset.state = 'ready';
	core.events.emit('asset.ready', { entity_id: asset.id, asset_id: asset.id, previous_state: previousState });
}

/** Terminal failure; nothing is charged, the duration is cleared. */
export function failAsset(core: EmulatorCore, asset: AssetRecord, code: string, message: string): void {
	core.scheduler.cancel(`asset:${asset.id}`);
	asset.state = 'failed';
	asset.error_code = code;
	asset.error_message = message;
	asset.duration_seconds = null;
	core.events.emit('asset.failed', { entity_id: asset.id, asset_id: asset.id });
}
