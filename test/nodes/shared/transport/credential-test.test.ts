import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, ICredentialTestFunctions, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../../emulator';
import { roughyApiConnectionTest } from '../../../../nodes/shared/transport/credential-test';
import { getHarnessServices } from '../../../harness/services';

/**
 * The credential's Test button, through n8n-core's own credential-test
 * context (its `request` helper is what n8n hands the function). The same
 * test runs in a real n8n of each line in test/e2e/credential-test.test.ts.
 */

let emulator: RunningEmulator;
let context: ICredentialTestFunctions;

beforeAll(async () => {
	await getHarnessServices();
	emulator = await startEmulator();
	context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
});
afterAll(async () => await emulator.close());

function credential(data: Record<string, unknown>): ICredentialsDecrypted {
	return { id: 'test', name: 'Roughy (test)', type: 'roughyApi', data: data as ICredentialsDecrypted['data'] };
}

async function testWith(data: Record<string, unknown>) {
	return await roughyApiConnectionTest.call(context, credential(data));
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
	const server: Server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

it('passes with a key Roughy accepts', async () => {
	expect(await testWith({ apiKey: emulator.apiKey, baseUrl: emulator.url })).toEqual({
		status: 'OK',
		message: 'Connection tested successfully',
	});
});

it('says the key was rejected when Roughy answers 401', async () => {
	expect(await testWith({ apiKey: 'sk_test_unknown_key_for_the_test', baseUrl: emulator.url })).toEqual({
		status: 'Error',
		message: 'Roughy rejected the API key. Paste a valid key (it starts with "sk_").',
	});
});

it('refuses plain http to another machine with its reason, sending nothing', async () => {
	const before = emulator.requests.length;

	const result = await testWith({ apiKey: emulator.apiKey, baseUrl: 'http://roughy.example.com' });

	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/uses plain http, which would send the API key unencrypted\. Use https:\/\/roughy\.example\.com/);
	expect(emulator.requests.length).toBe(before);
});

it('refuses a Base URL with a path, naming the host to use', async () => {
	const result = await testWith({ apiKey: emulator.apiKey, baseUrl: `${emulator.url}/v1` });

	expect(result).toEqual({ status: 'Error', message: expect.stringContaining(`use ${emulator.url} instead`) });
});

it('says a host that answers 404 is not the Roughy API', async () => {
	const notRoughy = await listen((_request, response) => response.writeHead(404).end('not here'));
	try {
		const result = await testWith({ apiKey: emulator.apiKey, baseUrl: notRoughy.url });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The Base URL answered, but it is not the Roughy API/) });
	} finally {
		await notRoughy.close();
	}
});

it('does not follow a redirect with the key, and says where the Base URL points', async () => {
	const seen: Array<string | undefined> = [];
	const target = await listen((request, response) => {
		seen.push(request.headers.authorization);
		response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
	});
	const redirecting = await listen((_request, response) => response.writeHead(302, { location: `${target.url}/v1/users/me` }).end());
	try {
		const result = await testWith({ apiKey: emulator.apiKey, baseUrl: redirecting.url });
		expect(result).toEqual({ status: 'Error', message: expect.stringContaining('redirects elsewhere (HTTP 302)') });
		expect(seen).toEqual([]);
	} finally {
		await Promise.all([target.close(), redirecting.close()]);
	}
});

it('names the connection problem when nothing listens, without the key', async () => {
	const gone = await listen(() => undefined);
	await gone.close();

	const result = await testWith({ apiKey: emulator.apiKey, baseUrl: gone.url });

	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the Base URL/);
	expect(result.message).not.toContain(emulator.apiKey);
});

it('asks for the key when it is empty', async () => {
	expect(await testWith({ apiKey: '  ', baseUrl: emulator.url })).toEqual({
		status: 'Error',
		message: 'Enter the API key from the Roughy dashboard (it starts with "sk_").',
	});
});
