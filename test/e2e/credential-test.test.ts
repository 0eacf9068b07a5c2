import { startEmulator, type RunningEmulator } from '../../emulator';
import { N8nInstance, packPackage } from './n8n-process';
import { n8nRuntime } from './runtime';

/**
 * The credential's *Test* button, as the editor calls it (`POST
 * /rest/credentials/test`). Its request is an n8n expression (the Base URL
 * check sends a plain-http Base URL to another machine to a host that cannot
 * exist, so the key never travels in clear text), so only a real n8n of each
 * line shows that the expression evaluates and what users read. n8n shows a
 * failed connection by its code alone; a test function (`testedBy`) could
 * say more, but n8n gives it only its deprecated `request` helper, which
 * n8n's pre-verification scan rejects.
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

		// n8n 1.x answers a 401 with its own text before looking at the credential's rules.
		const message =
			n8n.runtime.line === 2
				? 'Roughy rejected the API key. Paste a valid key (it starts with "sk_").'
				: 'Authorization failed - please check your credentials';
		expect(result).toEqual({ status: 'Error', message });
	});

	it('refuses plain http to another machine without sending the key anywhere', async () => {
		const before = emulator.requests.length;

		const result = await testCredential({ apiKey: emulator.apiKey, baseUrl: 'http://roughy.example.com' });

		// What n8n shows for the unresolvable stand-in host: 2.x the code alone, 1.x its own sentence.
		const message =
			n8n.runtime.line === 2
				? 'ENOTFOUND'
				: 'The connection cannot be established, this usually occurs due to an incorrect host (domain) value';
		expect(result).toEqual({ status: 'Error', message });
		expect(result.message).not.toContain(emulator.apiKey);
		expect(emulator.requests.length).toBe(before);
	});
});
