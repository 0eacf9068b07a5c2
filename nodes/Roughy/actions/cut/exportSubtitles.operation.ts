import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { SUBTITLE_FORMATS, type SubtitleFormat } from '../../../shared/types';
import { fileItem, fileOutputOptions, readFileOutput } from '../../fields/file-output';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { exportCutFile } from './cut.api';

const SUBTITLE_MIME_TYPES: Record<SubtitleFormat, string> = {
	srt: 'application/x-subrip',
	vtt: 'text/vtt',
};

export const description: INodeProperties[] = [
	resourceLocator('cut', { description: 'The cut whose subtitles to export. It must be completed.' }),
	{
		displayName: 'Format',
		name: 'subtitleFormat',
		type: 'options',
		options: [
			{ name: 'SRT', value: 'srt', description: 'SubRip, read by most players and editors' },
			{ name: 'WebVTT', value: 'vtt', description: 'Web Video Text Tracks, for HTML5 video' },
		],
		default: 'srt',
		description: 'The caption file format',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: fileOutputOptions('interview.srt', 'the file is named as Roughy sends it, e.g. after the cut ID'),
	},
];

function readSubtitleFormat(context: IExecuteFunctions, itemIndex: number): SubtitleFormat {
	const format = context.getNodeParameter('subtitleFormat', itemIndex) as string;
	if (!(SUBTITLE_FORMATS as readonly string[]).includes(format)) {
		throw new NodeOperationError(context.getNode(), `"${format}" is not a subtitle format Roughy exports`, {
			itemIndex,
			description: `Use one of: ${SUBTITLE_FORMATS.join(', ')}.`,
		});
	}
	return format as SubtitleFormat;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const cutId = getResourceId(this, 'cut', itemIndex);
	const format = readSubtitleFormat(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const output = readFileOutput(this, options, itemIndex);

	const binary = await exportCutFile(this, {
		cutId,
		path: `/v1/cuts/${cutId}/subtitle/export`,
		qs: { format },
		itemIndex,
		output,
		fallbackFileName: `${cutId}.${format}`,
		fallbackMimeType: SUBTITLE_MIME_TYPES[format],
	});
	return [fileItem(this, itemIndex, { cut_id: cutId, format }, output, binary)];
}
