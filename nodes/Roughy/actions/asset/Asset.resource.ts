import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showFor, type RoughyOperation } from '../operation';
import * as create from './create.operation';
import * as deleteAsset from './delete.operation';
import * as deleteMany from './deleteMany.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: Record<string, RoughyOperation> = {
	create,
	delete: deleteAsset,
	deleteMany,
	download,
	get,
	getMany,
};

const operationOptions: INodePropertyOptions[] = [
	{
		name: 'Create',
		value: 'create',
		description: 'Upload an audio or video file from a binary field as a new asset (resumable, streamed in chunks)',
		action: 'Create an asset',
	},
	{
		name: 'Delete',
		value: 'delete',
		description:
			'Permanently delete an asset together with its cuts, subtitles, renders and stored media, or preview what would be deleted',
		action: 'Delete an asset',
	},
	{
		name: 'Delete Many',
		value: 'deleteMany',
		description:
			'Delete the assets named by the input items, one after another, with a dry run, a cap per run and a summary, for cleanup workflows',
		action: 'Delete many assets',
	},
	{
		name: 'Download',
		value: 'download',
		description: 'Download the source media of an asset as a binary file',
		action: 'Download an asset',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get an asset, with its processing state and a short-lived download link',
		action: 'Get an asset',
	},
	{
		name: 'Get Many',
		value: 'getMany',
		description: 'List assets, newest first, filtered by project, state or age',
		action: 'Get many assets',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: operationOptions,
		default: 'get',
	},
	...showFor('asset', ['create'], create.description),
	...showFor('asset', ['delete'], deleteAsset.description),
	...showFor('asset', ['deleteMany'], deleteMany.description),
	...showFor('asset', ['download'], download.description),
	...showFor('asset', ['get'], get.description),
	...showFor('asset', ['getMany'], getMany.description),
];
