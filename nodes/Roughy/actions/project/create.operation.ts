import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { Project } from '../../../shared/types';
import { MAX_PROJECT_NAME_LENGTH } from './project.api';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Episode 42',
		description: 'Display name of the project, up to 256 characters',
	},
];

/** The project name, checked here so an empty expression result never reaches Roughy. */
function getProjectName(context: IExecuteFunctions, itemIndex: number): string {
	const name = String(context.getNodeParameter('name', itemIndex, '') ?? '').trim();
	if (name === '' || name.length > MAX_PROJECT_NAME_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			name === '' ? 'The project name is empty' : `The project name is ${name.length} characters long`,
			{ itemIndex, description: 'Give the project a name of 1 to 256 characters.' },
		);
	}
	return name;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const project = await roughyApiRequest<Project>(this, {
		method: 'POST',
		path: '/v1/projects',
		body: { name: getProjectName(this, itemIndex) },
		itemIndex,
	});
	return [{ json: { ...project } }];
}
