import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { RESOURCE_OPTIONS, RESOURCES } from './actions/resources';
import { router } from './actions/router';
import { listSearch } from './methods';

export class Roughy implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Roughy',
		name: 'roughy',
		icon: { light: 'file:../../icons/roughy.svg', dark: 'file:../../icons/roughy.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Turn talking-head audio and video into rough cuts with the Roughy API',
		defaults: { name: 'Roughy' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'roughyApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCE_OPTIONS,
				default: 'asset',
			},
			...Object.values(RESOURCES).flatMap((resource) => resource.description),
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
