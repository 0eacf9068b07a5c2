import type { INodeProperties } from 'n8n-workflow';

import * as asset from './asset/Asset.resource';
import * as credits from './credits/Credits.resource';
import * as cut from './cut/Cut.resource';
import type { RoughyOperation } from './operation';
import * as project from './project/Project.resource';
import * as render from './render/Render.resource';
import * as user from './user/User.resource';

interface RoughyResource {
	operations: Record<string, RoughyOperation>;
	description: INodeProperties[];
}

/** Every resource of the node, in the order the picker shows them. */
export const RESOURCES: Record<string, RoughyResource> = {
	asset,
	credits,
	cut,
	project,
	render,
	user,
};

export const RESOURCE_OPTIONS = [
	{ name: 'Asset', value: 'asset' },
	{ name: 'Credit', value: 'credits' },
	{ name: 'Cut', value: 'cut' },
	{ name: 'Project', value: 'project' },
	{ name: 'Render', value: 'render' },
	{ name: 'User', value: 'user' },
];
