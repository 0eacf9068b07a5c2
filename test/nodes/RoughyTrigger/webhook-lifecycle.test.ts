import type { IDataObject, INode } from 'n8n-workflow';

import { runWebhookLifecycle, type WebhookMode } from '../../harness';
import { endpointCalls, endpointsOf, registerEndpointDirectly, triggerNode } from './trigger-fixtures';

const N8N_URL = 'http://127.0.0.1:5678';
import { useTriggerEmulator } from './trigger-kit';

const kit = useTriggerEmulator();

interface LifecycleOptions {
	node?: INode;
	staticData?: IDataObject;
	webhookBaseUrl?: string;
	mode?: WebhookMode;
	apiKey?: string;
}

async function lifecycle(options: LifecycleOptions = {}) {
	return await runWebhookLifecycle({
		node: options.node ?? triggerNode(),
		credentials: { baseUrl: kit.emulator.url, apiKey: options.apiKey ?? kit.emulator.apiKey },
		webhookBaseUrl: options.webhookBaseUrl ?? N8N_URL,
		mode: options.mode,
		staticData: options.staticData,
	});
}

/** What n8n does when a workflow is published: checkExists, then create if needed. */
async function activate(options: LifecycleOptions = {}) {
	const hooks = await lifecycle(options);
	const existed = await hooks.checkExists();
	if (!existed) await hooks.create();
	return { ...hooks, existed };
}

describe('Roughy Trigger activation', () => {
	test('registers one endpoint for the workflow URL and the chosen events', async () => {
		const node = triggerNode({ events: ['asset.ready', 'render.completed'] });

		const { webhookUrl, staticData, existed } = await activate({ node });

		expect(existed).toBe(false);
		expect(webhookUrl).toBe(`${N8N_URL}/webhook/our-trigger/webhook`);
		expect(endpointsOf(kit.emulator)).toEqual([
			{
				id: expect.any(String),
				url: webhookUrl,
				event_types: ['asset.ready', 'render.completed'],
				description: 'n8n: Harness workflow / Roughy Trigger',
			},
		]);
		expect(staticData.productionEndpoint).toEqual({
			endpointId: endpointsOf(kit.emulator)[0].id,
			url: webhookUrl,
			eventTypes: ['asset.ready', 'render.completed'],
			secret: expect.stringMatching(/^whsec_/),
			secretSource: 'create-response',
		});
	});

	test('re-activating finds the endpoint and registers nothing new', async () => {
		const { staticData } = await activate();
		const [registered] = endpointsOf(kit.emulator);
		const callsBefore = endpointCalls(kit.emulator).length;

		const again = await activate({ staticData });

		expect(again.existed).toBe(true);
		expect(endpointsOf(kit.emulator)).toEqual([registered]);
		expect(endpointCalls(kit.emulator).slice(callsBefore)).toEqual(['GET /v1/webhook-endpoints']);
	});

	test('changing the events replaces the endpoint instead of adding one', async () => {
		const { staticData } = await activate({ node: triggerNode({ events: ['asset.ready'] }) });
		const [first] = endpointsOf(kit.emulator);

		const again = await activate({ staticData, node: triggerNode({ events: ['cut.completed', 'cut.failed'] }) });

		expect(again.existed).toBe(false);
		const endpoints = endpointsOf(kit.emulator);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0]).toMatchObject({ url: first.url, event_types: ['cut.completed', 'cut.failed'] });
		expect(endpoints[0].id).not.toBe(first.id);
		expect((staticData.productionEndpoint as IDataObject).endpointId).toBe(endpoints[0].id);
	});

	test("a new n8n address (WEBHOOK_URL changed) replaces the old address's endpoint", async () => {
		const { staticData } = await activate({ webhookBaseUrl: 'http://127.0.0.1:5678' });

		const moved = await activate({ staticData, webhookBaseUrl: 'http://localhost:5679' });

		expect(moved.existed).toBe(false);
		expect(endpointsOf(kit.emulator).map((endpoint) => endpoint.url)).toEqual([
			'http://localhost:5679/webhook/our-trigger/webhook',
		]);
	});

	test('an endpoint left behind for our URL (static data lost) is replaced, not duplicated', async () => {
		const { webhookUrl } = await lifecycle();
		const orphan = await registerEndpointDirectly(kit.emulator, webhookUrl);

		const { existed } = await activate({ staticData: {} });

		expect(existed).toBe(false);
		const endpoints = endpointsOf(kit.emulator);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].url).toBe(webhookUrl);
		expect(endpoints[0].id).not.toBe(orphan.id);
	});

	test('a second endpoint for our URL next to the stored one is cleaned up on the next activation', async () => {
		const { staticData, webhookUrl } = await activate();
		await registerEndpointDirectly(kit.emulator, webhookUrl);

		const again = await activate({ staticData });

		expect(again.existed).toBe(false);
		expect(endpointsOf(kit.emulator)).toHaveLength(1);
	});

	test('checking for the endpoint never deletes anything', async () => {
		const { staticData, webhookUrl } = await activate();
		await registerEndpointDirectly(kit.emulator, webhookUrl);
		const callsBefore = endpointCalls(kit.emulator).length;

		const changed = await lifecycle({ staticData, node: triggerNode({ events: ['render.failed'] }) });
		await changed.checkExists();
		const duplicated = await lifecycle({ staticData });
		await duplicated.checkExists();

		expect(endpointCalls(kit.emulator).slice(callsBefore).every((call) => call.startsWith('GET '))).toBe(true);
		expect(endpointsOf(kit.emulator)).toHaveLength(2);
	});

	test("other workflows' endpoints are never touched", async () => {
		const sibling = await registerEndpointDirectly(kit.emulator, `${N8N_URL}/webhook/other-trigger/webhook`);
		const elsewhere = await registerEndpointDirectly(kit.emulator, 'https://hooks.example.com/roughy');

		const { staticData } = await activate();
		const changed = await activate({ staticData, node: triggerNode({ events: ['cut.completed'] }) });
		await changed.delete();

		expect(endpointsOf(kit.emulator).map((endpoint) => endpoint.id).sort()).toEqual([sibling.id, elsewhere.id].sort());
	});

	test("static data copied from another workflow doesn't remove that workflow's endpoint", async () => {
		const other = await activate({ node: triggerNode({}, { webhookId: 'other-trigger' }) });
		const [siblingEndpoint] = endpointsOf(kit.emulator);

		const ours = await activate({ staticData: structuredClone(other.staticData) });

		expect(ours.existed).toBe(false);
		const urls = endpointsOf(kit.emulator).map((endpoint) => endpoint.url);
		expect(urls).toHaveLength(2);
		expect(urls).toEqual(expect.arrayContaining([siblingEndpoint.url, ours.webhookUrl]));
	});

	test('fails with the reason when no event is chosen', async () => {
		const hooks = await lifecycle({ node: triggerNode({ events: [] }) });

		await expect(hooks.create()).rejects.toThrow('Choose at least one event to listen for');
		expect(endpointsOf(kit.emulator)).toEqual([]);
	});
});

describe('Roughy Trigger deactivation', () => {
	test('removes the endpoint and forgets it', async () => {
		const { staticData } = await activate();

		const removed = await (await lifecycle({ staticData })).delete();

		expect(removed).toBe(true);
		expect(endpointsOf(kit.emulator)).toEqual([]);
		expect(staticData).not.toHaveProperty('productionEndpoint');
	});

	test('is fine when the endpoint is already gone', async () => {
		const { staticData } = await activate();
		kit.emulator.control.reset();

		const removed = await (await lifecycle({ staticData })).delete();

		expect(removed).toBe(true);
		expect(staticData).not.toHaveProperty('productionEndpoint');
	});

	test('forgets the endpoint even when Roughy refuses the removal, and the next activation cleans up', async () => {
		const { staticData } = await activate();

		const removed = await (await lifecycle({ staticData, apiKey: 'sk_test_revoked' })).delete();

		expect(removed).toBe(false);
		expect(staticData).not.toHaveProperty('productionEndpoint');
		expect(endpointsOf(kit.emulator)).toHaveLength(1);

		await activate({ staticData });
		expect(endpointsOf(kit.emulator)).toHaveLength(1);
		expect(endpointsOf(kit.emulator)[0].id).toBe((staticData.productionEndpoint as IDataObject).endpointId);
	});
});

describe('Roughy Trigger "Listen for test event"', () => {
	test('registers the test URL beside the published endpoint and removes only its own', async () => {
		const { staticData, webhookUrl: productionUrl } = await activate();

		const test = await activate({ staticData, mode: 'test' });

		expect(test.webhookUrl).toBe(`${N8N_URL}/webhook-test/our-trigger/webhook`);
		expect(endpointsOf(kit.emulator).map((endpoint) => endpoint.url).sort()).toEqual(
			[productionUrl, test.webhookUrl].sort(),
		);

		await (await lifecycle({ staticData, mode: 'test' })).delete();

		expect(endpointsOf(kit.emulator).map((endpoint) => endpoint.url)).toEqual([productionUrl]);
		expect(staticData).toHaveProperty('productionEndpoint');
		expect(staticData).not.toHaveProperty('testEndpoint');
	});
	test('unpublishing leaves an open test registration alone', async () => {
		const { staticData, webhookUrl: productionUrl } = await activate();
		const test = await activate({ staticData, mode: 'test' });

		await (await lifecycle({ staticData })).delete();

		expect(endpointsOf(kit.emulator).map((endpoint) => endpoint.url)).toEqual([test.webhookUrl]);
		expect(endpointsOf(kit.emulator).map((endpoint) => endpoint.url)).not.toContain(productionUrl);
		expect(staticData).not.toHaveProperty('productionEndpoint');
		expect(staticData).toHaveProperty('testEndpoint');
	});
});

describe('Roughy Trigger with a webhook URL Roughy cannot reach', () => {
	const publicRoughy = async (webhookBaseUrl: string) =>
		await runWebhookLifecycle({
			node: triggerNode(),
			// Never contacted: the URL check comes before any request.
			credentials: { baseUrl: 'https://api.roughy.ai', apiKey: 'sk_test_unused' },
			webhookBaseUrl,
		});

	test('a localhost URL fails activation and says how to set the public URL', async () => {
		const hooks = await publicRoughy('http://localhost:5678');

		const failure = hooks.create();

		await expect(failure).rejects.toThrow("Roughy can't reach this n8n's webhook URL");
		await expect(failure).rejects.toMatchObject({
			description: expect.stringContaining('WEBHOOK_URL=https://n8n.example.com/'),
		});
	});

	test('a plain http URL fails activation and says to serve n8n over HTTPS', async () => {
		const hooks = await publicRoughy('http://n8n.example.com');

		const failure = hooks.create();

		await expect(failure).rejects.toThrow('Roughy only sends events to HTTPS addresses');
		await expect(failure).rejects.toMatchObject({ description: expect.stringContaining('WEBHOOK_URL') });
	});
});
