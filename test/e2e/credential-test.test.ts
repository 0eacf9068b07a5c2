import { startEmulator, type RunningEmulator } from '../../emulator';
import { N8nInstance, packPackage } from './n8n-process';
import { n8nRuntime } from './runtime';

/**
 * The credential's *Test* button, as the editor calls it (`POST
 * /rest/credentials/test`): n8n finds the nodes' `testedBy` function and runs
 * it with its own request helper. Only a real n8n of each line shows that it
 * finds it and that users read our messages (a declarative test request
 * showed a bare "ENOTFOUND" for a refused Base URL).
 */
describe(`the Roughy API credential test in a real n8n ${n8nRuntime().version}`, () => {
	let n8n: N8nInstance;
	let emulator: RunningEmulator;

	beforeAll(async () => {
		const tarball = await packPackage();
		[n8n, emulator] = await Promise.all([N8nInstance.start({ packageTarball: tarball }), startEmulator()]);
	});

	afterAll(async () => {
		await Promise.all([n8n?.stop(), emulator?.close()]);
	});

	/** Saves the credential, then tests it as the credential panel does (by id, with the data it shows). */
	async function testCredential(data: Record<string, unknown>): Promise<{ status: string; message: string }> {
		const name = `Roughy (test ${Math.random().toString(36).slice(2, 8)})`;
		const { id } = await n8n.createCredential({ name, type: 'roughyApi', data });
		return await n8n.rest('POST', '/credentials/test', { credentials: { id, name, type: 'roughyApi', data } });
	}

	it('accepts a valid key on a loopback http Base URL', async () => {
		const result = await testCredential({ apiKey: emulator.apiKey, baseUrl: emulator.url });

		expect(result.status).toBe('OK');
		expect(emulator.requests).toContainEqual(expect.objectContaining({ method: 'GET', path: '/v1/users/me', status: 200 }));
	});

	it('says a rejected key was rejected', async () => {
		const result = await testCredential({ apiKey: 'sk_test_not_a_key_roughy_knows', baseUrl: emulator.url });

		expect(result).toEqual({ status: 'Error', message: 'Roughy rejected the API key. Paste a valid key (it starts with "sk_").' });
	});

	it('refuses plain http to another machine without sending the key anywhere', async () => {
		const before = emulator.requests.length;

		const result = await testCredential({ apiKey: emulator.apiKey, baseUrl: 'http://roughy.example.com' });

		expect(result.status).toBe('Error');
		expect(result.message).toContain('uses plain http, which would send the API key unencrypted. Use https://roughy.example.com');
		expect(result.message).not.toContain(emulator.apiKey);
		expect(emulator.requests.length).toBe(before);
	});
});
