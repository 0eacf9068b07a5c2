import { rmSync } from 'node:fs';

import type { EmulatorCore } from '../core';
import type { AssetRecord, ProjectRecord } from '../model';

/** Removes an asset with its cuts, renders, upload and stored bytes; queued state changes for them are dropped. */
export function deleteAssetCascade(core: EmulatorCore, asset: AssetRecord): void {
	const { state, scheduler } = core;
	for (const cut of state.cutsOf(asset.id)) {
		scheduler.cancel(`cut:${cut.id}`);
		state.cuts.delete(cut.id);
	}
	for (const render of state.rendersOf(asset.id)) {
		scheduler.cancel(`render:${render.id}`);
		state.renders.delete(render.id);
	}
	scheduler.cancel(`asset:${asset.id}`);
	if (asset.uploadId) {
		const upload = state.uploads.get(asset.uploadId);
		if (upload) {
			// A PATCH still writing to it loses its connection, as the upload no longer exists.
			upload.writer?.abort();
			rmSync(upload.filePath, { force: true });
			core.hasher.drop(upload.id);
			state.uploads.delete(upload.id);
		}
	}
	state.assets.delete(asset.id);
}

export function deleteProjectCascade(core: EmulatorCore, project: ProjectRecord): void {
	for (const asset of [...core.state.assets.values()]) {
		if (asset.project_id === project.id) deleteAssetCascade(core, asset);
	}
	core.state.projects.delete(project.id);
}
