import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { handleDelivery } from './delivery';
import { EVENT_OPTIONS } from './events';
import { checkExists, create, deleteEndpoint } from './webhook-lifecycle';

export class RoughyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Roughy Trigger',
		name: 'roughyTrigger',
		icon: { light: 'file:../../icons/roughy.svg', dark: 'file:../../icons/roughy.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when an asset, cut or render in Roughy finishes',
		defaults: { name: 'Roughy Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'roughyApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: EVENT_OPTIONS,
				description: 'The Roughy events that start the workflow',
			},
			{
				displayName: 'Signing Secret',
				name: 'signingSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				placeholder: 'e.g. whsec_…',
				description:
					'Only needed if Roughy does not hand n8n the secret when the trigger is activated (activation then says so). Copy it from the webhooks page of the Roughy dashboard. Leave empty otherwise.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Full Resource',
						name: 'includeFullResource',
						type: 'boolean',
						default: false,
						description:
							'Whether to read the asset, cut or render the event is about and add it to the output (one extra API call per event)',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteEndpoint.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery.call(this);
	}
}
