import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
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

	// GET /v1/users/me is the cheapest authenticated call. A wrong key gets 401
	// from Roughy; an unreachable host never answers; a host that answers 404
	// is not a Roughy API (usually a Base URL with a path or the wrong host).
	// Plain http to another machine would carry the key in clear text, so the
	// test refuses it the way every request does: expressions cannot raise an
	// error of their own, so the host becomes one that cannot resolve and
	// says why.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ (u => /^http:\\/\\/(?!(localhost|[^/]*\\.localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$))/i.test(u) ? "https://plain-http-is-refused-use-https.invalid" : u)(String($credentials.baseUrl).trim().replace(/\\/+$/, "")) }}',
			timeout: 30_000,
			url: '/v1/users/me',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Roughy rejected the API key. Paste a valid key (it starts with "sk_").',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Base URL answered, but it is not the Roughy API. Use the API host only, e.g. https://api.roughy.ai.',
				},
			},
		],
	};
}
