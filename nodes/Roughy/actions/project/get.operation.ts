import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getResourceId, resourceLocator } from '../../fields/locator';
import { readProject } from './project.api';

export const description: INodeProperties[] = [resourceLocator('project')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'project', itemIndex);
	const project = await readProject(this, id, itemIndex);
	return [{ json: { ...project } }];
}
