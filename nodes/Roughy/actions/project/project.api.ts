import type { IExecuteFunctions } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { Project } from '../../../shared/types';

/** Roughy's limit for project names. */
export const MAX_PROJECT_NAME_LENGTH = 256;

export async function readProject(context: IExecuteFunctions, id: string, itemIndex: number): Promise<Project> {
	return await roughyApiRequest<Project>(context, {
		method: 'GET',
		path: `/v1/projects/${id}`,
		subject: `project ${id}`,
		itemIndex,
	});
}
