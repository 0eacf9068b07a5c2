import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { N8nInstance, packPackage } from './n8n-process';
import { n8nRuntime } from './runtime';

/**
 * The transport asks n8n's request helper not to send credentials on a
 * cross-origin redirect (`sendCredentialsOnCrossOriginRedirect: false`). The
 * option is n8n's, so whether the API key stays home is n8n's behaviour:
 * proven here in the real n8n of each supported line, not in the harness.
 */

interface Seen {
	path: string;
	headers: IncomingHttpHeaders;
}

async function listen(server: Server, host: string): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	return `http://${host}:${(server.address() as AddressInfo).port}`;
}

describe(`the API key and redirects in a real n8n ${n8nRuntime().version}`, () => {
	const API_KEY = 'sk_e2e_redirect_key_never_leaves_home';
	let n8n: N8nInstance;
	let storage: Server;
	let api: Server;
	const seenByStorage: Seen[] = [];
	const seenByApi: Seen[] = [];

	beforeAll(async () => {
		// "Storage": another origin (localhost vs 127.0.0.1 and another port) that answers like Roughy.
		storage = createServer((request, response) => {
			seenByStorage.push({ path: request.url ?? '', headers: request.headers });
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ id: '7d4f0c9e-2f4b-4a43-9a9e-4b8f1c2d3e4f', email: 'owner@example.com' }));
		});
		const storageUrl = await listen(storage, 'localhost');
		// "Roughy": redirects every request to the other origin.
		api = createServer((request, response) => {
			seenByApi.push({ path: request.url ?? '', headers: request.headers });
			response.writeHead(307, { location: `${storageUrl}${request.url ?? '/'}` });
			response.end();
		});
		const apiUrl = await listen(api, '127.0.0.1');

		n8n = await N8nInstance.start({ packageTarball: await packPackage() });
		const credential = await n8n.createCredential({
			name: 'Roughy (redirecting)',
			type: 'roughyApi',
			data: { apiKey: API_KEY, baseUrl: apiUrl },
		});
		const trigger = 'When clicking ‘Execute workflow’';
		const workflow = await n8n.createWorkflow({
			name: 'Roughy user behind a redirect',
			nodes: [
				{ name: trigger, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					name: 'Get user',
					type: 'n8n-nodes-roughy.roughy',
					typeVersion: 1,
					position: [220, 0],
					parameters: { resource: 'user', operation: 'get' },
					credentials: { roughyApi: { id: credential.id, name: 'Roughy (redirecting)' } },
				},
			],
			connections: { [trigger]: { main: [[{ node: 'Get user', type: 'main', index: 0 }]] } },
		});
		await n8n.runManually(workflow.id, trigger);
	});

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([storage, api].map((server) => new Promise((resolve) => server?.close(resolve))));
	});

	it('sends the key to the Base URL it was configured for', () => {
		expect(seenByApi).toEqual([expect.objectContaining({ path: '/v1/users/me' })]);
		expect(seenByApi[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	it('follows the redirect to the other origin without the key', () => {
		expect(seenByStorage).toEqual([expect.objectContaining({ path: '/v1/users/me' })]);
		expect(seenByStorage[0].headers.authorization).toBeUndefined();
		expect(JSON.stringify(seenByStorage[0].headers)).not.toContain(API_KEY);
	});
});
