import type { INodeProperties } from 'n8n-workflow';

import * as asset from './asset/Asset.resource';
import * as credits from './credits/Credits.resource';
import type { RoughyOperation } from './operation';
import * as project from './project/Project.resource';
import * as user from './user/User.resource';

interface RoughyResource {
	operations: Record<string, RoughyOperation>;
	description: INodeProperties[];
}

/** Every resource of the node, in the order the picker shows them. */
export const RESOURCES: Record<string, RoughyResource> = {
	asset,
	credits,
	project,
	user,
};

export const RESOURCE_OPTIONS = [
	{ name: 'Asset', value: 'asset' },
	{ name: 'Credit', value: 'credits' },
	{ name: 'Project', value: 'project' },
	{ name: 'User', value: 'user' },
];
