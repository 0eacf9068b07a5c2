import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import {
	AUDIO_BITRATES,
	RENDER_FORMATS,
	RENDER_RESOLUTIONS,
	VIDEO_BITRATES,
	VIDEO_RENDER_FORMATS,
	type Render,
	type RenderFormat,
	type RenderOutput,
} from '../../../shared/types';
import { frameRateOption, readFrameRate } from '../../fields/frame-rate';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { getWaitSettings, waitForCompletionFields } from '../../fields/wait';
import { waitUntilTerminal } from '../../helpers/wait-until-terminal';
import { readRender } from './render.api';

const DEFAULT_TIMEOUT_MINUTES = 30;
const SOURCE = 'source';
const AUTO = 'auto';

const showForVideo = { show: { outputFormat: [...VIDEO_RENDER_FORMATS] } };

export const description: INodeProperties[] = [
	resourceLocator('asset', {
		description: 'The asset to render. Video formats need it ready; audio formats need it prepared.',
	}),
	resourceLocator('cut', {
		required: false,
		description:
			'A completed cut of this asset, to render only the parts it keeps. Leave empty to render the full source.',
	}),
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: [
			{ name: 'M4A (Audio)', value: 'm4a', description: 'AAC audio only' },
			{ name: 'MOV (Video)', value: 'mov', description: 'H.264 video with AAC audio, QuickTime container' },
			{ name: 'MP3 (Audio)', value: 'mp3', description: 'MP3 audio only' },
			{ name: 'MP4 (Video)', value: 'mp4', description: 'H.264 video with AAC audio' },
		],
		default: 'mp4',
		description: 'The file type to render to',
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: [
			{ name: 'Same as Source', value: SOURCE },
			{ name: '720p', value: '720p' },
			{ name: '1080p', value: '1080p' },
			{ name: '4K', value: '4k' },
		],
		default: SOURCE,
		description:
			'Size of the shorter edge. The aspect ratio is kept and the source is never upscaled, so a smaller source stays at its own size.',
		displayOptions: showForVideo,
	},
	{
		displayName: 'Video Bitrate',
		name: 'videoBitrate',
		type: 'options',
		options: [
			{ name: 'Auto', value: AUTO },
			{ name: '5 Mbps', value: '5' },
			{ name: '10 Mbps', value: '10' },
			{ name: '20 Mbps', value: '20' },
			{ name: '50 Mbps', value: '50' },
		],
		default: AUTO,
		description: 'Video quality. Auto picks a default for the resolution; values above the source bitrate are capped.',
		displayOptions: showForVideo,
	},
	{
		displayName: 'Audio Bitrate',
		name: 'audioBitrate',
		type: 'options',
		options: [
			{ name: 'Auto', value: AUTO },
			{ name: '128 Kbps', value: '128' },
			{ name: '192 Kbps', value: '192' },
			{ name: '256 Kbps', value: '256' },
			{ name: '320 Kbps', value: '320' },
		],
		default: AUTO,
		description: 'Audio quality. Values above the source bitrate are capped.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			frameRateOption(
				30,
				'Frames per second, up to 120. Roughy accepts this setting but does not document its effect yet; leave it out to keep the source frame rate.',
			),
		],
	},
	...waitForCompletionFields('render', DEFAULT_TIMEOUT_MINUTES),
];

function invalidOption(context: IExecuteFunctions, itemIndex: number, message: string, description: string) {
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: `${description} Nothing was sent to Roughy.`,
	});
}

/** A choice of an options field that may also come from an expression ("1080p", 10, "auto"). */
function choice(context: IExecuteFunctions, name: string, itemIndex: number, fallback: string): string {
	const value = context.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (value === undefined || value === null || value === '') return fallback;
	return String(value).trim().toLowerCase();
}

function bitrate<T extends number>(
	context: IExecuteFunctions,
	value: string,
	allowed: readonly T[],
	label: string,
	unit: string,
	itemIndex: number,
): T | undefined {
	if (value === AUTO) return undefined;
	const parsed = Number(value);
	if (!(allowed as readonly number[]).includes(parsed)) {
		throw invalidOption(
			context,
			itemIndex,
			`${label} "${value}" is not one Roughy offers`,
			`Choose Auto or one of ${allowed.join(', ')} ${unit}.`,
		);
	}
	return parsed as T;
}

/**
 * The output spec, checked here because expressions bypass the UI (a format
 * from an expression still shows the video-only fields): Roughy would reject
 * these with a less specific 422.
 */
function readOutput(context: IExecuteFunctions, itemIndex: number): RenderOutput {
	const format = choice(context, 'outputFormat', itemIndex, 'mp4');
	if (!(RENDER_FORMATS as readonly string[]).includes(format)) {
		throw invalidOption(
			context,
			itemIndex,
			`"${format}" is not an output format Roughy renders`,
			`Use one of: ${RENDER_FORMATS.join(', ')}.`,
		);
	}
	const output: RenderOutput = { format: format as RenderFormat };
	const isVideo = VIDEO_RENDER_FORMATS.includes(output.format);

	const resolution = choice(context, 'resolution', itemIndex, SOURCE);
	const videoBitrate = choice(context, 'videoBitrate', itemIndex, AUTO);
	if (!isVideo && (resolution !== SOURCE || videoBitrate !== AUTO)) {
		const setting = resolution !== SOURCE ? `Resolution "${resolution}"` : `Video bitrate "${videoBitrate}"`;
		throw invalidOption(
			context,
			itemIndex,
			`${setting} does not apply to ${format.toUpperCase()}, an audio-only format`,
			'Resolution and video bitrate are for MP4 and MOV only. Set them to "Same as Source" and "Auto", or render to a video format.',
		);
	}
	if (resolution !== SOURCE) {
		if (!(RENDER_RESOLUTIONS as readonly string[]).includes(resolution)) {
			throw invalidOption(
				context,
				itemIndex,
				`Resolution "${resolution}" is not one Roughy offers`,
				`Choose "Same as Source" or one of ${RENDER_RESOLUTIONS.join(', ')}.`,
			);
		}
		output.resolution = resolution as RenderOutput['resolution'];
	}
	const video = bitrate(context, videoBitrate, VIDEO_BITRATES, 'Video bitrate', 'Mbps', itemIndex);
	if (video !== undefined) output.video_bitrate = video;
	const audioValue = choice(context, 'audioBitrate', itemIndex, AUTO);
	const audio = bitrate(context, audioValue, AUDIO_BITRATES, 'Audio bitrate', 'Kbps', itemIndex);
	if (audio !== undefined) output.audio_bitrate = audio;

	const options = context.getNodeParameter('options', itemIndex, {}) as { frameRate?: unknown };
	const frameRate = readFrameRate(context, options.frameRate, itemIndex, '. Nothing was sent to Roughy.');
	if (frameRate !== undefined) output.frame_rate = frameRate;
	return output;
}

/** The optional cut locator: empty means "render the full source". */
function optionalCutId(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const raw = context.getNodeParameter('cutId', itemIndex, '', { extractValue: true }) as unknown;
	if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
	return getResourceId(context, 'cut', itemIndex);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const assetId = getResourceId(this, 'asset', itemIndex);
	const cutId = optionalCutId(this, itemIndex);
	const output = readOutput(this, itemIndex);
	const wait = getWaitSettings(this, itemIndex, DEFAULT_TIMEOUT_MINUTES);

	const body: IDataObject = { asset_id: assetId, output: { ...output } };
	if (cutId !== undefined) body.cut_id = cutId;
	// Identical requests return the existing render, so a repeat after a lost
	// answer cannot start (or bill) a second encode.
	const render = await roughyApiRequest<Render>(this, {
		method: 'POST',
		path: '/v1/renders',
		body,
		idempotent: true,
		subject: cutId ? `asset ${assetId}, cut ${cutId}` : `asset ${assetId}`,
		itemIndex,
	});
	if (!wait.enabled) return [{ json: { ...render, output: { ...render.output } } }];
	if (render.state === 'completed') {
		// An identical earlier request: done already, only the download link is missing.
		const detail = await readRender(this, render.id, itemIndex);
		return [{ json: { ...detail, output: { ...detail.output } } }];
	}

	const finished = await waitUntilTerminal(this, {
		entity: 'render',
		id: render.id,
		itemIndex,
		settings: wait,
		read: async () => await readRender(this, render.id, itemIndex),
		done: ['completed'],
		failed: {
			failed:
				'Roughy could not encode this render (the error code "cancelled" means someone cancelled it). Check the asset and the output settings, then create the render again.',
			cancelled: 'Someone cancelled this render. Create it again to restart it.',
		},
	});
	return [{ json: { ...finished, output: { ...finished.output } } }];
}
