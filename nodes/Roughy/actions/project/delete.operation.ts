import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError } from '../../../shared/node-errors';
import { roughyApiRequest, roughyErrorCode } from '../../../shared/transport';
import { getResourceId, resourceLocator } from '../../fields/locator';

export const description: INodeProperties[] = [
	{
		displayName:
			'Deleting a project also deletes all of its assets, their cuts, subtitles and renders, and the stored media. This cannot be undone.',
		name: 'cascadeNotice',
		type: 'notice',
		default: '',
	},
	resourceLocator('project'),
	{
		displayName: 'Treat Not Found as Success',
		name: 'treatNotFoundAsSuccess',
		type: 'boolean',
		default: false,
		description:
			'Whether a project that does not exist (for example, already deleted) gives an item with "deleted" set to false instead of an error. Useful for cleanup workflows that may run twice.',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'project', itemIndex);
	const notFoundIsSuccess = this.getNodeParameter('treatNotFoundAsSuccess', itemIndex, false) as boolean;
	try {
		await roughyApiRequest<undefined>(this, {
			method: 'DELETE',
			path: `/v1/projects/${id}`,
			subject: `project ${id}`,
			itemIndex,
		});
	} catch (error) {
		// Only Roughy's own not_found counts: a bare 404 from a proxy or a wrong
		// host must not be reported as "already deleted".
		if (notFoundIsSuccess && roughyErrorCode(error) === 'not_found') {
			return [{ json: { id, deleted: false, reason: 'not_found' } }];
		}
		throw asNodeError(this.getNode(), error);
	}
	return [{ json: { id, deleted: true } }];
}
