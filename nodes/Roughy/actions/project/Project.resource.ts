import type { INodeProperties } from 'n8n-workflow';

import { showFor, type RoughyOperation } from '../operation';
import * as create from './create.operation';
import * as deleteProject from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations: Record<string, RoughyOperation> = {
	create,
	delete: deleteProject,
	get,
	getMany,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['project'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a project to hold assets',
				action: 'Create a project',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Permanently delete a project together with all its assets, cuts, subtitles and renders',
				action: 'Delete a project',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a project',
				action: 'Get a project',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List projects, newest first',
				action: 'Get many projects',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Rename, archive or unarchive a project',
				action: 'Update a project',
			},
		],
		default: 'create',
	},
	...showFor('project', ['create'], create.description),
	...showFor('project', ['delete'], deleteProject.description),
	...showFor('project', ['get'], get.description),
	...showFor('project', ['getMany'], getMany.description),
	...showFor('project', ['update'], update.description),
];
