import { WebhookPathTakenError } from 'n8n-workflow';

import { runWebhookLifecycle } from '../../harness';
import { newSvixSecret } from '../../webhooks/svix-signer';
import { startDocumentedApiProxy, type DocumentedApiProxy } from './documented-api-proxy';
import { endpointCalls, endpointsOf, triggerNode } from './trigger-fixtures';
import { useTriggerEmulator } from './trigger-kit';

const kit = useTriggerEmulator();
const proxies: DocumentedApiProxy[] = [];

afterAll(async () => {
	await Promise.all(proxies.map(async (proxy) => await proxy.close()));
});

/** Roughy without the secret in the create response; with or without GET …/secret. */
async function documentedRoughy(secretEndpoint: boolean): Promise<string> {
	const proxy = await startDocumentedApiProxy(kit.emulator.url, { secretEndpoint });
	proxies.push(proxy);
	return proxy.url;
}

async function activate(baseUrl: string, signingSecret = '') {
	const hooks = await runWebhookLifecycle({
		node: triggerNode({ signingSecret }),
		credentials: { baseUrl, apiKey: kit.emulator.apiKey },
		webhookBaseUrl: 'http://127.0.0.1:5678',
	});
	if (!(await hooks.checkExists())) await hooks.create();
	return hooks;
}

async function emulatorSecretOf(endpointId: string): Promise<string> {
	const response = await fetch(`${kit.emulator.url}/v1/webhook-endpoints/${endpointId}/secret`, {
		headers: { Authorization: `Bearer ${kit.emulator.apiKey}` },
	});
	return ((await response.json()) as { key: string }).key;
}

describe('Roughy Trigger signing secret', () => {
	test('comes from the create response when Roughy includes it', async () => {
		const { staticData } = await activate(kit.emulator.url);

		const calls = endpointCalls(kit.emulator);
		const stored = staticData.productionEndpoint as { endpointId: string; secret: string; secretSource: string };
		expect(stored.secretSource).toBe('create-response');
		expect(stored.secret).toBe(await emulatorSecretOf(stored.endpointId));
		expect(calls).toEqual(['GET /v1/webhook-endpoints', 'POST /v1/webhook-endpoints']);
	});

	test("is read from the endpoint's secret call when the create response lacks it", async () => {
		const { staticData } = await activate(await documentedRoughy(true));

		const stored = staticData.productionEndpoint as { endpointId: string; secret: string; secretSource: string };
		expect(stored.secretSource).toBe('secret-endpoint');
		expect(stored.secret).toBe(await emulatorSecretOf(stored.endpointId));
	});

	test('falls back to the Signing Secret field when Roughy hands out none', async () => {
		const typed = newSvixSecret();

		const { staticData } = await activate(await documentedRoughy(false), typed);

		expect(staticData.productionEndpoint).toMatchObject({ secret: typed, secretSource: 'node-parameter' });
		expect(endpointsOf(kit.emulator)).toHaveLength(1);
	});

	test('without any secret, activation fails, says where to find it, and leaves no endpoint behind', async () => {
		const baseUrl = await documentedRoughy(false);

		const failure = activate(baseUrl);

		await expect(failure).rejects.toThrow("Roughy didn't provide the webhook signing secret");
		await expect(failure).rejects.toMatchObject({
			description: expect.stringContaining('Copy it from the webhooks page of the Roughy dashboard'),
		});
		expect(endpointsOf(kit.emulator)).toEqual([]);
	});

	test('without any secret, the failure is one n8n does not retry, and trying again leaves Roughy untouched', async () => {
		const baseUrl = await documentedRoughy(false);
		const first = await activate(baseUrl).catch((error: unknown) => error);
		const callsAfterFirst = endpointCalls(kit.emulator).length;

		const again = await activate(baseUrl).catch((error: unknown) => error);

		// n8n 2.x retries every trigger activation error but this one (isTransientActivationError).
		expect(first).toBeInstanceOf(WebhookPathTakenError);
		expect(again).toBeInstanceOf(WebhookPathTakenError);
		expect((again as Error).message).toBe("Roughy didn't provide the webhook signing secret");
		expect(endpointCalls(kit.emulator)).toHaveLength(callsAfterFirst);
		expect(endpointsOf(kit.emulator)).toEqual([]);
	});

	test('a Signing Secret typed after such a failure is used at once', async () => {
		const baseUrl = await documentedRoughy(false);
		await activate(baseUrl).catch(() => undefined);
		const typed = newSvixSecret();

		const { staticData } = await activate(baseUrl, typed);

		expect(staticData.productionEndpoint).toMatchObject({ secret: typed, secretSource: 'node-parameter' });
	});

	test('a Signing Secret that is not a Roughy secret fails activation before anything is registered', async () => {
		await expect(activate(kit.emulator.url, 'my password')).rejects.toThrow(
			"The Signing Secret isn't a Roughy signing secret",
		);
		expect(endpointsOf(kit.emulator)).toEqual([]);
	});

});
