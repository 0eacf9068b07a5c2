import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { roughyApiRequestAllItems } from '../../../shared/transport';
import type { Project, ProjectState } from '../../../shared/types';
import { returnAllOrLimit } from '../common.descriptions';

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

/** Roughy's timestamps share one ISO-8601 UTC form, so they sort as strings. */
function newestFirst(a: Project, b: Project): number {
	return a.created_at === b.created_at ? 0 : a.created_at < b.created_at ? 1 : -1;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { state?: StateFilter };
	const stateFilter = filters.state ?? 'active';

	// Roughy filters on one state at a time, so "all" reads both lists and
	// merges them; the first `limit` of each are enough for the first `limit`
	// of the union.
	const states: ProjectState[] = stateFilter === 'all' ? ['active', 'archived'] : [stateFilter];
	const projects: Project[] = [];
	for (const state of states) {
		projects.push(
			...(await roughyApiRequestAllItems<Project>(
				this,
				{ path: '/v1/projects', qs: { state }, itemIndex },
				{ returnAll, limit },
			)),
		);
	}
	if (states.length > 1) projects.sort(newestFirst);
	const selected = limit === undefined ? projects : projects.slice(0, limit);
	return selected.map((project) => ({ json: { ...project } }));
}
