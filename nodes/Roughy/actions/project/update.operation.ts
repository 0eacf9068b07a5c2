import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { Project } from '../../../shared/types';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { MAX_PROJECT_NAME_LENGTH } from './project.api';

export const description: INodeProperties[] = [
	resourceLocator('project'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. Episode 42 (final)',
				description: 'New display name, up to 256 characters',
			},
			{
				displayName: 'State',
				name: 'state',
				type: 'options',
				options: [
					{
						name: 'Active',
						value: 'active',
						description: 'Unarchive the project',
					},
					{
						name: 'Archived',
						value: 'archived',
						description:
							'Archive the project: it is hidden from default project lists, and its assets stay untouched',
					},
				],
				default: 'archived',
				description: 'Archive or unarchive the project',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'project', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as { name?: string; state?: string };

	const body: IDataObject = {};
	if (fields.name !== undefined) {
		const name = String(fields.name).trim();
		if (name === '' || name.length > MAX_PROJECT_NAME_LENGTH) {
			throw new NodeOperationError(this.getNode(), `The new name for project ${id} is not usable`, {
				itemIndex,
				description: 'Give the project a name of 1 to 256 characters, or remove the Name field.',
			});
		}
		body.name = name;
	}
	if (fields.state !== undefined) body.state = fields.state;
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Nothing to update for project ${id}`, {
			itemIndex,
			description: 'Add a field to change under "Update Fields": a new name, or a state to archive or unarchive.',
		});
	}

	const project = await roughyApiRequest<Project>(this, {
		method: 'PATCH',
		path: `/v1/projects/${id}`,
		body,
		// Sets absolute values, so a repeat after a dropped connection changes nothing.
		idempotent: true,
		subject: `project ${id}`,
		itemIndex,
	});
	return [{ json: { ...project } }];
}
