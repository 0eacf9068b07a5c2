import { randomBytes, randomUUID } from 'crypto';
import type { IDataObject, INode } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../emulator';
import { deliverWebhook, runWebhookLifecycle, type WebhookMode } from '../../harness';
import { newMessageId, newSvixSecret, nowSeconds, signWithSvix, stopSvixSigner } from '../../webhooks/svix-signer';
import { startWebhookReceiver, type WebhookReceiver } from './n8n-receiver';
import { triggerNode } from './trigger-fixtures';

let emulator: RunningEmulator;
let receiver: WebhookReceiver;

/** What the receiver hands the trigger: the workflow's node, credential and static data right now. */
let current: { node: INode; staticData: IDataObject; apiKey: string; mode?: WebhookMode };

beforeAll(async () => {
	emulator = await startEmulator();
	receiver = await startWebhookReceiver(() => ({
		node: current.node,
		staticData: current.staticData,
		credentials: { baseUrl: emulator.url, apiKey: current.apiKey },
		mode: current.mode,
	}));
});
afterAll(async () => {
	stopSvixSigner();
	await receiver.close();
	await emulator.close();
});
beforeEach(() => {
	emulator.control.reset();
	receiver.deliveries.length = 0;
});

/** Publishes a workflow whose n8n is the receiver; returns the endpoint Roughy now has. */
async function publish(parameters: IDataObject = {}, mode?: WebhookMode) {
	current = { node: triggerNode(parameters), staticData: {}, apiKey: emulator.apiKey, mode };
	const hooks = await runWebhookLifecycle({
		node: current.node,
		credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
		webhookBaseUrl: receiver.url,
		staticData: current.staticData,
		mode,
	});
	if (!(await hooks.checkExists())) await hooks.create();
	const slot = mode === 'test' ? 'testEndpoint' : 'productionEndpoint';
	const { endpointId, secret } = current.staticData[slot] as { endpointId: string; secret: string };
	return { endpointId, secret, webhookUrl: hooks.webhookUrl };
}

const itemsOf = (delivery: { workflowData?: Array<Array<{ json: IDataObject }>> }) =>
	(delivery.workflowData ?? []).flat().map((item) => item.json);

describe('Roughy Trigger receiving events', () => {
	test('an event Roughy sends starts the workflow with one item', async () => {
		const { webhookUrl } = await publish({ events: ['asset.ready'] });
		const asset = emulator.control.seedAsset({ state: 'processing' });

		emulator.control.setAssetState(asset.id, 'ready');
		await emulator.control.idle();

		const [sent] = emulator.webhookDeliveries;
		expect(sent.status).toBe(200);
		expect(receiver.deliveries).toHaveLength(1);
		expect(receiver.deliveries[0].path).toBe(new URL(webhookUrl).pathname);
		expect(itemsOf(receiver.deliveries[0])).toEqual([
			{
				event: 'asset.ready',
				entity_id: asset.id,
				asset_id: asset.id,
				previous_state: 'processing',
				delivery_id: sent.messageId,
				delivered_at: new Date(Number(sent.headers['svix-timestamp']) * 1000).toISOString(),
			},
		]);
	});

	test('cut and render events carry the asset id next to their own', async () => {
		await publish({ events: ['cut.completed'] });
		const asset = emulator.control.seedAsset();
		const cut = emulator.control.seedCut({ asset_id: asset.id, state: 'processing' });

		emulator.control.completeCut(cut.id);
		await emulator.control.idle();

		expect(itemsOf(receiver.deliveries[0])).toEqual([
			expect.objectContaining({ event: 'cut.completed', entity_id: cut.id, asset_id: asset.id }),
		]);
	});

	test('a retried delivery (same svix-id) starts no second execution', async () => {
		const { endpointId } = await publish();
		const msgId = newMessageId();
		const data = { entity_id: randomUUID(), asset_id: randomUUID() };

		const first = await emulator.control.sendWebhook({ endpointId, msgId, data });
		const retry = await emulator.control.sendWebhook({ endpointId, msgId, data });

		expect([first.status, retry.status]).toEqual([200, 200]);
		expect(receiver.deliveries[0].workflowData).toBeDefined();
		expect(receiver.deliveries[1].workflowData).toBeUndefined();
		expect(receiver.deliveries[1].responseBody).toEqual({ received: true, duplicate: true });
	});

	test('events the workflow did not choose are acknowledged without starting it', async () => {
		const { endpointId } = await publish({ events: ['asset.ready'] });

		const sent = await emulator.control.sendWebhook({
			endpointId,
			type: 'render.completed',
			data: { entity_id: randomUUID(), asset_id: randomUUID() },
		});

		expect(sent.status).toBe(200);
		expect(receiver.deliveries[0].workflowData).toBeUndefined();
		expect(receiver.deliveries[0].responseBody).toEqual({
			received: true,
			ignored: 'render.completed is not selected',
		});
	});

	test('during a secret rotation, deliveries signed with both the old and the new secret are accepted', async () => {
		const { endpointId } = await publish();
		emulator.control.rotateWebhookSecret(endpointId);

		const sent = await emulator.control.sendWebhook({ endpointId, data: { entity_id: randomUUID() } });

		expect(sent.headers['svix-signature'].split(' ')).toHaveLength(2);
		expect(sent.status).toBe(200);
		expect(receiver.deliveries[0].workflowData).toBeDefined();
	});

	test('"Listen for test event" verifies with the test registration\'s secret', async () => {
		const { endpointId } = await publish({}, 'test');

		const sent = await emulator.control.sendWebhook({ endpointId, data: { entity_id: randomUUID() } });

		expect(sent.status).toBe(200);
		expect(receiver.deliveries[0].workflowData).toBeDefined();
	});
});

describe('Roughy Trigger refusing deliveries', () => {
	/** A delivery the receiver refused: 401, nothing started, the check named. */
	function expectRefused(reason: string) {
		const [delivery] = receiver.deliveries;
		expect(delivery.status).toBe(401);
		expect(delivery.noWebhookResponse).toBe(true);
		expect(delivery.workflowData).toBeUndefined();
		expect(delivery.responseBody).toBe(`Unauthorized: ${reason}`);
	}

	test('a forged signature', async () => {
		const { endpointId } = await publish();

		const sent = await emulator.control.sendWebhook({
			endpointId,
			signature: `v1,${randomBytes(32).toString('base64')}`,
		});

		expect(sent.status).toBe(401);
		expectRefused('No v1 signature in svix-signature matches the body');
	});

	test('a body changed after signing', async () => {
		const { endpointId, secret } = await publish();
		const msgId = newMessageId();
		const timestamp = nowSeconds();
		const signed = JSON.stringify({ type: 'asset.ready', data: { entity_id: randomUUID() } });
		const signature = await signWithSvix({ secret, id: msgId, timestamp, payload: signed });

		await emulator.control.sendWebhook({
			endpointId,
			msgId,
			timestampMs: timestamp * 1000,
			signature,
			payload: signed.replace('asset.ready', 'asset.failed'),
		});

		expectRefused('No v1 signature in svix-signature matches the body');
	});

	test('a delivery signed with another secret', async () => {
		const { endpointId } = await publish();

		await emulator.control.sendWebhook({ endpointId, secrets: [newSvixSecret()] });

		expectRefused('No v1 signature in svix-signature matches the body');
	});

	test('a delivery signed more than five minutes ago', async () => {
		const { endpointId } = await publish();

		await emulator.control.sendWebhook({ endpointId, timestampMs: Date.now() - 6 * 60_000 });

		expectRefused('The delivery was signed more than 300 seconds ago');
	});

	test('a delivery dated more than five minutes ahead', async () => {
		const { endpointId } = await publish();

		await emulator.control.sendWebhook({ endpointId, timestampMs: Date.now() + 6 * 60_000 });

		expectRefused('The delivery is dated more than 300 seconds in the future');
	});

	test.each(['svix-id', 'svix-timestamp', 'svix-signature'])('a delivery without %s', async (missing) => {
		const { secret } = await publish();
		const id = newMessageId();
		const timestamp = nowSeconds();
		const payload = JSON.stringify({ type: 'asset.ready', data: { entity_id: randomUUID() } });
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'svix-id': id,
			'svix-timestamp': String(timestamp),
			'svix-signature': await signWithSvix({ secret, id, timestamp, payload }),
		};
		delete headers[missing];

		const delivery = await deliverWebhook({
			node: current.node,
			credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
			staticData: current.staticData,
			request: { headers, rawBody: Buffer.from(payload) },
		});

		expect(delivery).toMatchObject({ status: 401, noWebhookResponse: true, responseBody: `Unauthorized: Missing header ${missing}` });
		expect(delivery.workflowData).toBeUndefined();
	});

	test('a workflow that was never activated refuses everything', async () => {
		current = { node: triggerNode(), staticData: {}, apiKey: emulator.apiKey };

		await emulator.control.sendWebhook({ url: `${receiver.url}/webhook/our-trigger/webhook`, secrets: [newSvixSecret()] });

		expectRefused('No signing secret to verify the delivery with');
	});

	test('the signing secret never reaches the response, the output or the log', async () => {
		const { endpointId, secret } = await publish({ options: { includeFullResource: true } });
		await emulator.control.sendWebhook({ endpointId, signature: 'v1,forged' });
		await emulator.control.sendWebhook({ endpointId, data: { entity_id: randomUUID() } });

		const seen = JSON.stringify(receiver.deliveries);
		expect(receiver.deliveries.map((delivery) => delivery.status)).toEqual([401, 200]);
		expect(receiver.deliveries.flatMap((delivery) => delivery.logs).length).toBeGreaterThan(0);
		expect(seen).not.toContain(secret);
		expect(seen).not.toContain(secret.slice('whsec_'.length));
	});
});

describe('Roughy Trigger with "Include Full Resource"', () => {
	test('adds the asset, cut or render the event is about', async () => {
		await publish({ events: ['asset.ready', 'cut.completed', 'render.completed'], options: { includeFullResource: true } });
		const asset = emulator.control.seedAsset({ state: 'processing' });
		const cut = emulator.control.seedCut({ asset_id: asset.id, state: 'processing' });
		const render = emulator.control.seedRender({ asset_id: asset.id, state: 'processing' });

		emulator.control.setAssetState(asset.id, 'ready');
		emulator.control.completeCut(cut.id);
		emulator.control.completeRender(render.id);
		await emulator.control.idle();

		const items = receiver.deliveries.flatMap(itemsOf);
		const byEvent = Object.fromEntries(items.map((item) => [item.event, item]));
		expect(byEvent['asset.ready'].asset).toMatchObject({ id: asset.id, state: 'ready' });
		expect(byEvent['cut.completed'].cut).toMatchObject({ id: cut.id, asset_id: asset.id, state: 'completed' });
		expect(byEvent['render.completed'].render).toMatchObject({ id: render.id, state: 'completed' });
		expect(items.every((item) => item.resource_not_found === undefined)).toBe(true);
	});

	test('marks a resource that no longer exists instead of failing', async () => {
		const { endpointId } = await publish({ options: { includeFullResource: true } });
		const deleted = randomUUID();

		await emulator.control.sendWebhook({ endpointId, data: { entity_id: deleted, asset_id: deleted } });

		expect(itemsOf(receiver.deliveries[0])).toEqual([
			expect.objectContaining({ entity_id: deleted, asset: null, resource_not_found: true }),
		]);
	});

	test('when Roughy cannot be read, answers 503 so the retry starts the workflow', async () => {
		const { endpointId } = await publish({ options: { includeFullResource: true } });
		const asset = emulator.control.seedAsset();
		const msgId = newMessageId();
		current.apiKey = 'sk_test_revoked';

		const failed = await emulator.control.sendWebhook({ endpointId, msgId, data: { entity_id: asset.id } });
		current.apiKey = emulator.apiKey;
		const retried = await emulator.control.sendWebhook({ endpointId, msgId, data: { entity_id: asset.id } });

		expect([failed.status, retried.status]).toEqual([503, 200]);
		expect(receiver.deliveries[0].workflowData).toBeUndefined();
		expect(itemsOf(receiver.deliveries[1])).toEqual([expect.objectContaining({ asset: expect.objectContaining({ id: asset.id }) })]);
	});
});
