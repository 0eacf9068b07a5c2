import type {
	IAuthenticateGeneric,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export class RoughyApi implements ICredentialType {
	name = 'roughyApi';

	displayName = 'Roughy API';

	icon: Icon = { light: 'file:../icons/roughy.svg', dark: 'file:../icons/roughy.dark.svg' };

	documentationUrl = 'https://github.com/roughy-ai/n8n-nodes-roughy#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'sk_…',
			description: 'A Roughy API key, created on the API keys page of the Roughy dashboard',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.roughy.ai',
			placeholder: 'e.g. https://api.roughy.ai',
			description:
				'The Roughy API host, without a path. Change it only for staging or a local Roughy emulator. Must use https, except for this machine (localhost, 127.0.0.1).',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 60,
			description:
				'How long a request may go without any answer from Roughy before it counts as failed (reads are then retried). Upload chunks wait at least 120 seconds.',
		},
	];

	// Generic bearer auth also makes this credential usable from the HTTP
	// Request node ("Predefined credential type"), the fallback for anything
	// the Roughy node does not cover.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// The Test button runs the Roughy node's roughyApiConnectionTest
	// (nodes/shared/transport/credential-test.ts, named by both nodes' `testedBy`):
	// it refuses an unsafe Base URL with its reason before the key is sent.
}
