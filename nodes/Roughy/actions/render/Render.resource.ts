import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showFor, type RoughyOperation } from '../operation';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations: Record<string, RoughyOperation> = { cancel, create, download, get, getMany };

const operationOptions: INodePropertyOptions[] = [
	{
		name: 'Cancel',
		value: 'cancel',
		description: 'Stop a pending or processing render',
		action: 'Cancel a render',
	},
	{
		name: 'Create',
		value: 'create',
		description: 'Encode an asset, optionally trimmed by a cut, to MP4, MOV, M4A or MP3',
		action: 'Create a render',
	},
	{
		name: 'Download',
		value: 'download',
		description: 'Download the file of a completed render',
		action: 'Download a render',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get a render, with its state and, once completed, a short-lived download link',
		action: 'Get a render',
	},
	{
		name: 'Get Many',
		value: 'getMany',
		description: 'List renders, newest first, filtered by asset, cut, project or state',
		action: 'Get many renders',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['render'] } },
		options: operationOptions,
		default: 'create',
	},
	...showFor('render', ['cancel'], cancel.description),
	...showFor('render', ['create'], create.description),
	...showFor('render', ['download'], download.description),
	...showFor('render', ['get'], get.description),
	...showFor('render', ['getMany'], getMany.description),
];
