import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showFor, type RoughyOperation } from '../operation';
import * as create from './create.operation';
import * as exportTimeline from './export.operation';
import * as exportSubtitles from './exportSubtitles.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: Record<string, RoughyOperation> = {
	create,
	export: exportTimeline,
	exportSubtitles,
	get,
	getMany,
};

const operationOptions: INodePropertyOptions[] = [
	{
		name: 'Create',
		value: 'create',
		description: 'Compute which parts of an asset to keep, optionally guided by a script',
		action: 'Create a cut',
	},
	{
		name: 'Export',
		value: 'export',
		description: 'Download a completed cut as a timeline for Final Cut Pro, Premiere Pro or DaVinci Resolve',
		action: 'Export a cut as a timeline',
	},
	{
		name: 'Export Subtitles',
		value: 'exportSubtitles',
		description: 'Download the subtitles of a completed cut as an SRT or WebVTT file',
		action: 'Export the subtitles of a cut',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get a cut and its state',
		action: 'Get a cut',
	},
	{
		name: 'Get Many',
		value: 'getMany',
		description: 'List cuts, newest first, filtered by asset, project or state',
		action: 'Get many cuts',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cut'] } },
		options: operationOptions,
		default: 'create',
	},
	...showFor('cut', ['create'], create.description),
	...showFor('cut', ['export'], exportTimeline.description),
	...showFor('cut', ['exportSubtitles'], exportSubtitles.description),
	...showFor('cut', ['get'], get.description),
	...showFor('cut', ['getMany'], getMany.description),
];
