import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequestAllItemsMatchingAny } from '../../../shared/transport';
import type { Project, ProjectState } from '../../../shared/types';
import { getListSelection, returnAllOrLimit } from '../../fields/list';

type StateFilter = ProjectState | 'all';

export const description: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'State',
				name: 'state',
				type: 'options',
				options: [
					{ name: 'Active', value: 'active', description: 'Only projects that are not archived' },
					{ name: 'All', value: 'all', description: 'Active and archived projects' },
					{ name: 'Archived', value: 'archived', description: 'Only archived projects' },
				],
				default: 'active',
				description: 'Which projects to list. Without this filter Roughy lists active projects only.',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const selection = getListSelection(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { state?: StateFilter };
	const stateFilter = filters.state ?? 'active';

	// Without a state Roughy lists active projects only, so "all" is both lists merged.
	const states: ProjectState[] = stateFilter === 'all' ? ['active', 'archived'] : [stateFilter];
	const projects = await roughyApiRequestAllItemsMatchingAny<Project>(
		this,
		{ path: '/v1/projects', itemIndex },
		{ param: 'state', values: states },
		selection,
	);
	return projects.map((project) => ({ json: { ...project } }));
}
