import { randomBytes, randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { deliverWebhook } from '../../harness';
import { newMessageId, newSvixSecret, nowSeconds, signWithSvix } from '../../webhooks/svix-signer';
import { useReceivingTrigger } from './trigger-kit';

const kit = useReceivingTrigger();
const publish = kit.publish;

const itemsOf = (delivery: { workflowData?: Array<Array<{ json: IDataObject }>> }) =>
	(delivery.workflowData ?? []).flat().map((item) => item.json);

describe('Roughy Trigger receiving events', () => {
	test('an event Roughy sends starts the workflow with one item', async () => {
		const { webhookUrl } = await publish({ events: ['asset.ready'] });
		const asset = kit.emulator.control.seedAsset({ state: 'processing' });

		kit.emulator.control.setAssetState(asset.id, 'ready');
		await kit.emulator.control.idle();

		const [sent] = kit.emulator.webhookDeliveries;
		expect(sent.status).toBe(200);
		expect(kit.receiver.deliveries).toHaveLength(1);
		expect(kit.receiver.deliveries[0].path).toBe(new URL(webhookUrl).pathname);
		expect(itemsOf(kit.receiver.deliveries[0])).toEqual([
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
		const asset = kit.emulator.control.seedAsset();
		const cut = kit.emulator.control.seedCut({ asset_id: asset.id, state: 'processing' });

		kit.emulator.control.completeCut(cut.id);
		await kit.emulator.control.idle();

		expect(itemsOf(kit.receiver.deliveries[0])).toEqual([
			expect.objectContaining({ event: 'cut.completed', entity_id: cut.id, asset_id: asset.id }),
		]);
	});

	test('a retried delivery (same svix-id) starts no second execution', async () => {
		const { endpointId } = await publish();
		const msgId = newMessageId();
		const data = { entity_id: randomUUID(), asset_id: randomUUID() };

		const first = await kit.emulator.control.sendWebhook({ endpointId, msgId, data });
		const retry = await kit.emulator.control.sendWebhook({ endpointId, msgId, data });

		expect([first.status, retry.status]).toEqual([200, 200]);
		expect(kit.receiver.deliveries[0].workflowData).toBeDefined();
		expect(kit.receiver.deliveries[1].workflowData).toBeUndefined();
		expect(kit.receiver.deliveries[1].responseBody).toEqual({ received: true, duplicate: true });
	});

	test('events the workflow did not choose are acknowledged without starting it', async () => {
		const { endpointId } = await publish({ events: ['asset.ready'] });

		const sent = await kit.emulator.control.sendWebhook({
			endpointId,
			type: 'render.completed',
			data: { entity_id: randomUUID(), asset_id: randomUUID() },
		});

		expect(sent.status).toBe(200);
		expect(kit.receiver.deliveries[0].workflowData).toBeUndefined();
		expect(kit.receiver.deliveries[0].responseBody).toEqual({
			received: true,
			ignored: 'render.completed is not selected',
		});
	});

	test('during a secret rotation, deliveries signed with both the old and the new secret are accepted', async () => {
		const { endpointId } = await publish();
		kit.emulator.control.rotateWebhookSecret(endpointId);

		const sent = await kit.emulator.control.sendWebhook({ endpointId, data: { entity_id: randomUUID() } });

		expect(sent.headers['svix-signature'].split(' ')).toHaveLength(2);
		expect(sent.status).toBe(200);
		expect(kit.receiver.deliveries[0].workflowData).toBeDefined();
	});

	test('"Listen for test event" verifies with the test registration\'s secret', async () => {
		const { endpointId } = await publish({}, 'test');

		const sent = await kit.emulator.control.sendWebhook({ endpointId, data: { entity_id: randomUUID() } });

		expect(sent.status).toBe(200);
		expect(kit.receiver.deliveries[0].workflowData).toBeDefined();
	});
});

describe('Roughy Trigger refusing deliveries', () => {
	/** A delivery the kit.receiver refused: 401, nothing started, the check named. */
	function expectRefused(reason: string) {
		const [delivery] = kit.receiver.deliveries;
		expect(delivery.status).toBe(401);
		expect(delivery.noWebhookResponse).toBe(true);
		expect(delivery.workflowData).toBeUndefined();
		expect(delivery.responseBody).toBe(`Unauthorized: ${reason}`);
	}

	test('a forged signature', async () => {
		const { endpointId } = await publish();

		const sent = await kit.emulator.control.sendWebhook({
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

		await kit.emulator.control.sendWebhook({
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

		await kit.emulator.control.sendWebhook({ endpointId, secrets: [newSvixSecret()] });

		expectRefused('No v1 signature in svix-signature matches the body');
	});

	test('a delivery signed more than five minutes ago', async () => {
		const { endpointId } = await publish();

		await kit.emulator.control.sendWebhook({ endpointId, timestampMs: Date.now() - 6 * 60_000 });

		expectRefused('The delivery was signed more than 300 seconds ago');
	});

	test('a delivery dated more than five minutes ahead', async () => {
		const { endpointId } = await publish();

		await kit.emulator.control.sendWebhook({ endpointId, timestampMs: Date.now() + 6 * 60_000 });

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
			node: kit.workflow.node,
			credentials: { baseUrl: kit.emulator.url, apiKey: kit.emulator.apiKey },
			staticData: kit.workflow.staticData,
			request: { headers, rawBody: Buffer.from(payload) },
		});

		expect(delivery).toMatchObject({ status: 401, noWebhookResponse: true, responseBody: `Unauthorized: Missing header ${missing}` });
		expect(delivery.workflowData).toBeUndefined();
	});

	test('a workflow that was never activated refuses everything', async () => {
		kit.setWorkflow();

		await kit.emulator.control.sendWebhook({ url: `${kit.receiver.url}/webhook/our-trigger/webhook`, secrets: [newSvixSecret()] });

		expectRefused('No signing secret to verify the delivery with');
	});

	test('the signing secret never reaches the response, the output or the log', async () => {
		const { endpointId, secret } = await publish({ options: { includeFullResource: true } });
		await kit.emulator.control.sendWebhook({ endpointId, signature: 'v1,forged' });
		await kit.emulator.control.sendWebhook({ endpointId, data: { entity_id: randomUUID() } });

		const seen = JSON.stringify(kit.receiver.deliveries);
		expect(kit.receiver.deliveries.map((delivery) => delivery.status)).toEqual([401, 200]);
		expect(kit.receiver.deliveries.flatMap((delivery) => delivery.logs).length).toBeGreaterThan(0);
		expect(seen).not.toContain(secret);
		expect(seen).not.toContain(secret.slice('whsec_'.length));
	});
});

describe('Roughy Trigger with "Include Full Resource"', () => {
	test('adds the asset, cut or render the event is about', async () => {
		await publish({ events: ['asset.ready', 'cut.completed', 'render.completed'], options: { includeFullResource: true } });
		const asset = kit.emulator.control.seedAsset({ state: 'processing' });
		const cut = kit.emulator.control.seedCut({ asset_id: asset.id, state: 'processing' });
		const render = kit.emulator.control.seedRender({ asset_id: asset.id, state: 'processing' });

		kit.emulator.control.setAssetState(asset.id, 'ready');
		kit.emulator.control.completeCut(cut.id);
		kit.emulator.control.completeRender(render.id);
		await kit.emulator.control.idle();

		const items = kit.receiver.deliveries.flatMap(itemsOf);
		const byEvent = Object.fromEntries(items.map((item) => [item.event, item]));
		expect(byEvent['asset.ready'].asset).toMatchObject({ id: asset.id, state: 'ready' });
		expect(byEvent['cut.completed'].cut).toMatchObject({ id: cut.id, asset_id: asset.id, state: 'completed' });
		expect(byEvent['render.completed'].render).toMatchObject({ id: render.id, state: 'completed' });
		expect(items.every((item) => item.resource_not_found === undefined)).toBe(true);
	});

	test('marks a resource that no longer exists instead of failing', async () => {
		const { endpointId } = await publish({ options: { includeFullResource: true } });
		const deleted = randomUUID();

		await kit.emulator.control.sendWebhook({ endpointId, data: { entity_id: deleted, asset_id: deleted } });

		expect(itemsOf(kit.receiver.deliveries[0])).toEqual([
			expect.objectContaining({ entity_id: deleted, asset: null, resource_not_found: true }),
		]);
	});

	test('when Roughy cannot be read, answers 503 so the retry starts the workflow', async () => {
		const { endpointId } = await publish({ options: { includeFullResource: true } });
		const asset = kit.emulator.control.seedAsset();
		const msgId = newMessageId();
		kit.workflow.apiKey = 'sk_test_revoked';

		const failed = await kit.emulator.control.sendWebhook({ endpointId, msgId, data: { entity_id: asset.id } });
		kit.workflow.apiKey = kit.emulator.apiKey;
		const retried = await kit.emulator.control.sendWebhook({ endpointId, msgId, data: { entity_id: asset.id } });

		expect([failed.status, retried.status]).toEqual([503, 200]);
		expect(kit.receiver.deliveries[0].workflowData).toBeUndefined();
		expect(itemsOf(kit.receiver.deliveries[1])).toEqual([expect.objectContaining({ asset: expect.objectContaining({ id: asset.id }) })]);
	});
});
