import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { CUT_EXPORT_FORMATS, type CutExportFormat } from '../../../shared/types';
import { fileItem, fileOutputOptions, readFileOutput } from '../../fields/file-output';
import { frameRateOption, readFrameRate } from '../../fields/frame-rate';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { exportCutFile } from './cut.api';

/** What to name and label a timeline when Roughy's response does not say. */
const TIMELINE_FILES: Record<CutExportFormat, { extension: string; mimeType: string }> = {
	fcpxml: { extension: 'fcpxml', mimeType: 'application/xml' },
	premiere: { extension: 'xml', mimeType: 'application/xml' },
	davinci: { extension: 'xml', mimeType: 'application/xml' },
};

export const description: INodeProperties[] = [
	resourceLocator('cut', { description: 'The cut to export. It must be completed.' }),
	{
		displayName: 'Format',
		name: 'timelineFormat',
		type: 'options',
		options: [
			{
				name: 'DaVinci Resolve',
				value: 'davinci',
				description: 'Timeline XML for DaVinci Resolve',
			},
			{
				name: 'Final Cut Pro (FCPXML)',
				value: 'fcpxml',
				description: 'FCPXML for Final Cut Pro',
			},
			{
				name: 'Premiere Pro (XML)',
				value: 'premiere',
				description: 'Final Cut Pro 7 XML, as Premiere Pro imports it',
			},
		],
		default: 'fcpxml',
		description: 'The editing application to export the timeline for',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			frameRateOption(
				25,
				'Timeline frame rate in frames per second, e.g. 23.976, 25 or 29.97. Required when the cut comes from an audio-only asset, which has no frame rate of its own; video timelines use the source frame rate unless you set one.',
			),
			...fileOutputOptions('interview-cut.fcpxml', 'the file is named as Roughy sends it, e.g. after the cut ID'),
		],
	},
];

interface ExportOptions {
	frameRate?: unknown;
	fileName?: unknown;
	binaryPropertyName?: unknown;
}

function readFormat(context: IExecuteFunctions, itemIndex: number): CutExportFormat {
	const format = context.getNodeParameter('timelineFormat', itemIndex) as string;
	if (!(CUT_EXPORT_FORMATS as readonly string[]).includes(format)) {
		throw new NodeOperationError(context.getNode(), `"${format}" is not a timeline format Roughy exports`, {
			itemIndex,
			description: `Use one of: ${CUT_EXPORT_FORMATS.join(', ')}.`,
		});
	}
	return format as CutExportFormat;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const cutId = getResourceId(this, 'cut', itemIndex);
	const format = readFormat(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as ExportOptions;
	const frameRate = readFrameRate(this, options.frameRate, itemIndex, ', e.g. 23.976, 25 or 29.97.');
	const output = readFileOutput(this, options, itemIndex);

	const qs: IDataObject = { format };
	if (frameRate !== undefined) qs.frame_rate = frameRate;
	const { extension, mimeType } = TIMELINE_FILES[format];
	const binary = await exportCutFile(this, {
		cutId,
		path: `/v1/cuts/${cutId}/export`,
		qs,
		itemIndex,
		output,
		fallbackFileName: `${cutId}.${extension}`,
		fallbackMimeType: mimeType,
	});

	const json: IDataObject = { cut_id: cutId, format };
	if (frameRate !== undefined) json.frame_rate = frameRate;
	return [fileItem(this, itemIndex, json, output, binary)];
}
