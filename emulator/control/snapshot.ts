import type { EmulatorCore } from '../core';
import { presentAssetDetail, type Origins } from '../resources/assets';
import { presentCut } from '../resources/cuts';
import { presentProject } from '../resources/projects';
import { presentRender } from '../resources/renders';
import { presentEndpoint } from '../resources/webhook-endpoints';

/** Everything the emulator holds, as plain JSON (GET /__emulator/state). No secrets. */
export function snapshot(core: EmulatorCore, origins: Origins) {
	const { state } = core;
	return {
		balance: state.balance(),
		ledger: [...state.ledger],
		projects: [...state.projects.values()].map((project) => ({ ...presentProject(project), foreign: project.ownerId !== state.user.id })),
		assets: [...state.assets.values()].map((asset) => ({ ...presentAssetDetail(core, asset, origins), upload_id: asset.uploadId })),
		uploads: [...state.uploads.values()].map((upload) => ({
			id: upload.id,
			asset_id: upload.assetId,
			offset: upload.offset,
			length: upload.length,
			status: upload.status,
			ended_because: upload.endedBecause,
			writing: upload.writer !== null,
		})),
		cuts: [...state.cuts.values()].map(presentCut),
		renders: [...state.renders.values()].map(presentRender),
		webhook_endpoints: [...state.endpoints.values()].map(presentEndpoint),
		queued_state_changes: core.scheduler.pendingKeys(),
	};
}

export type EmulatorSnapshot = ReturnType<typeof snapshot>;
