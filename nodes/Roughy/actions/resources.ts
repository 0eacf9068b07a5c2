import type { INodeProperties } from 'n8n-workflow';

import * as credits from './credits/Credits.resource';
import type { RoughyOperation } from './operation';
import * as user from './user/User.resource';

interface RoughyResource {
	operations: Record<string, RoughyOperation>;
	description: INodeProperties[];
}

/** Every resource of the node, in the order the picker shows them. */
export const RESOURCES: Record<string, RoughyResource> = {
	credits,
	user,
};

export const RESOURCE_OPTIONS = [
	{ name: 'Credit', value: 'credits' },
	{ name: 'User', value: 'user' },
];
