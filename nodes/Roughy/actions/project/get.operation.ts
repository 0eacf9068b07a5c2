import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { Project } from '../../../shared/types';
import { getResourceId } from '../../helpers/parameters';
import { resourceLocator } from '../common.descriptions';

export const description: INodeProperties[] = [resourceLocator('project')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'project', itemIndex);
	const project = await roughyApiRequest<Project>(this, {
		method: 'GET',
		path: `/v1/projects/${id}`,
		subject: `project ${id}`,
		itemIndex,
	});
	return [{ json: { ...project } }];
}
