import type { EmulatorCore } from '../core';
import { ApiError } from '../errors';
import type { AssetRecord } from '../model';

/**
 * 409s for an asset that can't be cut (or rendered to audio) yet. Only
 * `asset_processing` is transient; it carries Retry-After. An asset still
 * being uploaded answers the same way: from the client's side it is not
 * prepared yet, and nothing else in the contract fits.
 */
export function requireCuttable(core: EmulatorCore, asset: AssetRecord): void {
	switch (asset.state) {
		case 'ready':
			return;
		case 'pending_upload':
		case 'processing':
			throw new ApiError('asset_processing', 'The asset is still being prepared.', undefined, {
				'Retry-After': String(Math.max(1, Math.ceil(core.options.assetProcessingMs / 1000))),
			});
		case 'pending_payment':
			throw new ApiError('asset_payment_required', 'Top up your credits to use this asset.');
		case 'failed':
			throw new ApiError('asset_failed', 'The asset could not be prepared; upload it again.');
	}
}
