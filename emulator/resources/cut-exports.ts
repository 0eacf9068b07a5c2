import { VIDEO_SOURCE_FRAME_RATE } from '../billing';
import type { EmulatorCore } from '../core';
import { ApiError, fieldError, notFound } from '../errors';
import type { RequestContext } from '../http/context';
import type { EmulatorResponse } from '../http/response';
import type { Route } from '../http/router';
import { planCut } from '../exports/cut-plan';
import { fcpxmlTimeline } from '../exports/fcpxml';
import { frameRate } from '../exports/frame-rate';
import { srtCaptions, vttCaptions } from '../exports/subtitles';
import type { TimelineSource } from '../exports/timeline-source';
import { xmemlTimeline } from '../exports/xmeml';
import { CUT_EXPORT_FORMATS, SUBTITLE_FORMATS, type AssetRecord, type CutRecord } from '../model';

function readFormat<T extends string>(ctx: RequestContext, allowed: readonly T[]): T {
	const value = ctx.query.get('format');
	if (value === null) throw fieldError('query.format', 'Field required');
	if (!(allowed as readonly string[]).includes(value)) {
		throw fieldError('query.format', `Input should be ${allowed.map((format) => `'${format}'`).join(', ')}`);
	}
	return value as T;
}

function readFrameRate(ctx: RequestContext): number | null {
	const raw = ctx.query.get('frame_rate');
	if (raw === null) return null;
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(value)) throw fieldError('query.frame_rate', 'Input should be a valid number');
	if (value <= 0) throw fieldError('query.frame_rate', 'Input should be greater than 0');
	if (value > 120) throw fieldError('query.frame_rate', 'Input should be less than or equal to 120');
	return value;
}

/** The cut, its asset, and the checks every export shares: 404, then 409 while the plan is not ready. */
function exportableCut(core: EmulatorCore, ctx: RequestContext): { cut: CutRecord; asset: AssetRecord } {
	const cut = core.state.ownCut(ctx.params.cut_id);
	const asset = cut && core.state.ownAsset(cut.asset_id);
	if (!cut || !asset) throw notFound('Cut');
	return { cut, asset };
}

function requireProposed(cut: CutRecord, format: string): void {
	if (cut.state !== 'completed') throw new ApiError('cut_not_proposed', 'The cut has not been proposed yet; wait until it is completed.');
	if (cut.unavailableFormats.includes(format)) {
		throw new ApiError('unsupported_format', `This cut cannot be exported as ${format}.`);
	}
}

function attachment(body: string, contentType: string, fileName: string): EmulatorResponse {
	return {
		status: 200,
		headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${fileName}"` },
		body,
	};
}

const TIMELINE_FILE_SUFFIX = { fcpxml: 'fcpxml', premiere: 'premiere.xml', davinci: 'davinci.xml' } as const;

export function cutExportRoutes(core: EmulatorCore): Route[] {
	return [
		{
			method: 'GET',
			template: '/v1/cuts/{cut_id}/export',
			authenticated: true,
			handler: (ctx) => {
				const { cut, asset } = exportableCut(core, ctx);
				const format = readFormat(ctx, CUT_EXPORT_FORMATS);
				const requestedRate = readFrameRate(ctx);
				requireProposed(cut, format);
				const hasVideo = asset.media?.type === 'video';
				// Audio has no native frame rate, so the timeline's rate must come from the caller.
				if (requestedRate === null && !hasVideo) {
					throw new ApiError('frame_rate_required', 'This asset has no frame rate; pass frame_rate.');
				}
				const source: TimelineSource = {
					cutId: cut.id,
					assetId: asset.id,
					fileName: `${asset.id}.${asset.media?.extension ?? 'mp4'}`,
					hasVideo,
					sourceSeconds: Number(asset.duration_seconds ?? 60),
					segments: planCut(asset.id, Number(asset.duration_seconds ?? 60), cut.script),
					rate: frameRate(requestedRate ?? VIDEO_SOURCE_FRAME_RATE),
				};
				const xml =
					format === 'fcpxml'
						? fcpxmlTimeline(source)
						: xmemlTimeline(source, format === 'premiere' ? 4 : 5, format === 'premiere' ? 'Adobe Premiere Pro' : 'DaVinci Resolve');
				return attachment(xml, 'application/xml; charset=utf-8', `${cut.id}.${TIMELINE_FILE_SUFFIX[format]}`);
			},
		},
		{
			method: 'GET',
			template: '/v1/cuts/{cut_id}/subtitle/export',
			authenticated: true,
			handler: (ctx) => {
				const { cut, asset } = exportableCut(core, ctx);
				const format = readFormat(ctx, SUBTITLE_FORMATS);
				requireProposed(cut, format);
				const segments = planCut(asset.id, Number(asset.duration_seconds ?? 60), cut.script);
				return format === 'srt'
					? attachment(srtCaptions(segments), 'application/x-subrip; charset=utf-8', `${cut.id}.srt`)
					: attachment(vttCaptions(segments), 'text/vtt; charset=utf-8', `${cut.id}.vtt`);
			},
		},
	];
}
