import { randomUUID } from 'crypto';
import type { IDataObject, INode } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../emulator';
import { forgetClaimsInMemory } from '../../../nodes/RoughyTrigger/delivery-claims';
import { runWebhookLifecycle } from '../../harness';
import { newMessageId, stopSvixSigner } from '../../webhooks/svix-signer';
import { startWebhookReceiver, type WebhookReceiver } from './n8n-receiver';
import { triggerNode } from './trigger-fixtures';

/**
 * One execution per svix-id with static data as n8n 2.40.7 keeps it: each
 * request reads its own copy, and only what n8n saves survives (the harness
 * models this in deliverWebhook). forgetClaimsInMemory() stands for a
 * restart, or for a redelivery landing on another n8n process.
 */

let emulator: RunningEmulator;
let receiver: WebhookReceiver;
let current: { node: INode; staticData: IDataObject; apiKey: string };

beforeAll(async () => {
	emulator = await startEmulator();
	receiver = await startWebhookReceiver(() => ({
		node: current.node,
		staticData: current.staticData,
		credentials: { baseUrl: emulator.url, apiKey: current.apiKey },
	}));
});
afterAll(async () => {
	stopSvixSigner();
	await receiver.close();
	await emulator.close();
});
beforeEach(() => {
	forgetClaimsInMemory();
	emulator.control.reset();
	receiver.deliveries.length = 0;
});

async function publish(parameters: IDataObject = {}): Promise<string> {
	current = { node: triggerNode(parameters), staticData: {}, apiKey: emulator.apiKey };
	const hooks = await runWebhookLifecycle({
		node: current.node,
		credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
		webhookBaseUrl: receiver.url,
		staticData: current.staticData,
	});
	if (!(await hooks.checkExists())) await hooks.create();
	return (current.staticData.productionEndpoint as { endpointId: string }).endpointId;
}

const started = () => receiver.deliveries.filter((delivery) => delivery.workflowData !== undefined);
const assetEvent = () => {
	const id = randomUUID();
	return { entity_id: id, asset_id: id };
};

describe('Roughy Trigger: one execution per svix-id', () => {
	test('an accepted delivery is answered 200 with a JSON acknowledgement', async () => {
		const endpointId = await publish();

		const sent = await emulator.control.sendWebhook({ endpointId, data: assetEvent() });

		expect(sent.status).toBe(200);
		expect(receiver.deliveries[0].responseBody).toEqual({ received: true });
		expect(receiver.deliveries[0].responseHeaders['content-type']).toContain('application/json');
		expect(started()).toHaveLength(1);
	});

	test('a redelivery after a restart is recognised from the static data n8n saved', async () => {
		const endpointId = await publish();
		const msgId = newMessageId();
		const data = assetEvent();

		await emulator.control.sendWebhook({ endpointId, msgId, data });
		forgetClaimsInMemory();
		const again = await emulator.control.sendWebhook({ endpointId, msgId, data });

		expect(again.status).toBe(200);
		expect(started()).toHaveLength(1);
		expect(receiver.deliveries[1].responseBody).toEqual({ received: true, duplicate: true });
		expect(current.staticData.recentDeliveries).toEqual([{ id: msgId, at: expect.any(Number) }]);
	});

	test('two copies arriving together start one execution, though the first awaits Roughy', async () => {
		const endpointId = await publish({ options: { includeFullResource: true } });
		const msgId = newMessageId();
		const data = assetEvent();

		const copies = await Promise.all([
			emulator.control.sendWebhook({ endpointId, msgId, data }),
			emulator.control.sendWebhook({ endpointId, msgId, data }),
		]);

		expect(copies.map((copy) => copy.status)).toEqual([200, 200]);
		expect(started()).toHaveLength(1);
		expect(receiver.deliveries.map((delivery) => delivery.responseBody)).toEqual(
			expect.arrayContaining([{ received: true }, { received: true, duplicate: true }]),
		);
	});

	test('a copy arriving while the first fails is told to retry too, and the retry runs once', async () => {
		const endpointId = await publish({ options: { includeFullResource: true } });
		const msgId = newMessageId();
		const data = assetEvent();
		current.apiKey = 'sk_test_revoked';

		const copies = await Promise.all([
			emulator.control.sendWebhook({ endpointId, msgId, data }),
			emulator.control.sendWebhook({ endpointId, msgId, data }),
		]);
		current.apiKey = emulator.apiKey;
		const retried = await emulator.control.sendWebhook({ endpointId, msgId, data });

		expect(copies.map((copy) => copy.status)).toEqual([503, 503]);
		expect(retried.status).toBe(200);
		expect(started()).toHaveLength(1);
	});

	test('distinct deliveries arriving together are all kept, though each request saves static data whole', async () => {
		const endpointId = await publish();
		const sends = Array.from({ length: 6 }, () => ({ endpointId, msgId: newMessageId(), data: assetEvent() }));

		await Promise.all(sends.map(async (send) => await emulator.control.sendWebhook(send)));
		forgetClaimsInMemory();
		for (const send of sends) await emulator.control.sendWebhook(send);

		expect(started()).toHaveLength(sends.length);
		const stored = (current.staticData.recentDeliveries as Array<{ id: string }>).map((entry) => entry.id);
		expect(stored.sort()).toEqual(sends.map((send) => send.msgId).sort());
	});

});
