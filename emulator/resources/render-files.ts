import type { EmulatorCore } from '../core';
import { keptDuration, planCut } from '../exports/cut-plan';
import type { RenderFormat, RenderRecord } from '../model';

export const RENDER_CONTENT_TYPES: Record<RenderFormat, string> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	m4a: 'audio/mp4',
	mp3: 'audio/mpeg',
};

/** Served render outputs are capped, so downloading one in a test stays cheap. */
const MAX_RENDER_BYTES = 1024 * 1024;
const MIN_RENDER_BYTES = 4096;

/**
 * The output size: duration (the cut's kept spans, or the whole source)
 * times the bitrates asked for (Auto: 8 Mbit/s video, 192 kbit/s audio),
 * scaled into 4 KiB-1 MiB. Deterministic for the same render.
 */
export function renderOutputSize(core: EmulatorCore, render: RenderRecord): number {
	const asset = core.state.assets.get(render.asset_id);
	const cut = render.cut_id ? core.state.cuts.get(render.cut_id) : undefined;
	const sourceSeconds = Number(asset?.duration_seconds ?? 60);
	const seconds = cut ? keptDuration(planCut(render.asset_id, sourceSeconds, cut.script)) : sourceSeconds;
	const video = render.output.format === 'mp4' || render.output.format === 'mov' ? (render.output.video_bitrate ?? 8) * 125_000 : 0;
	const audio = (render.output.audio_bitrate ?? 192) * 125;
	const estimate = Math.round((seconds * (video + audio)) / 1000);
	return Math.min(MAX_RENDER_BYTES, Math.max(MIN_RENDER_BYTES, estimate));
}

export interface RenderDownload {
	path: string;
	fileName: string;
	contentType: string;
	size: number;
}

/** Where a completed render's output is served on the storage listener; null before completion. */
export function renderDownload(render: RenderRecord): RenderDownload | null {
	if (render.state !== 'completed' || render.size_bytes === null) return null;
	const fileName = `${render.id}.${render.output.format}`;
	return {
		path: `/renders/${render.id}/${fileName}`,
		fileName,
		contentType: RENDER_CONTENT_TYPES[render.output.format],
		size: render.size_bytes,
	};
}
