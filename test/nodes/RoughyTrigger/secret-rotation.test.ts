import { randomUUID } from 'crypto';
import type { IDataObject, INode } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../emulator';
import { runWebhookLifecycle } from '../../harness';
import { newSvixSecret, stopSvixSigner } from '../../webhooks/svix-signer';
import { resetSecretRefreshLimits } from '../../../nodes/RoughyTrigger/secret-refresh';
import { startWebhookReceiver, type WebhookReceiver } from './n8n-receiver';
import { triggerNode } from './trigger-fixtures';

/**
 * Roughy rotates an endpoint's signing secret: for a grace period both
 * secrets sign, then only the new one. Here the grace period is zero, so
 * the old secret stops signing at once.
 */
let emulator: RunningEmulator;
let receiver: WebhookReceiver;
let current: { node: INode; staticData: IDataObject };

beforeAll(async () => {
	emulator = await startEmulator({ webhookSecretGraceMs: 0 });
	receiver = await startWebhookReceiver(() => ({
		node: current.node,
		staticData: current.staticData,
		credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
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
	resetSecretRefreshLimits();
});

async function publish() {
	current = { node: triggerNode({}), staticData: {} };
	const hooks = await runWebhookLifecycle({
		node: current.node,
		credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
		webhookBaseUrl: receiver.url,
		staticData: current.staticData,
	});
	if (!(await hooks.checkExists())) await hooks.create();
	return current.staticData.productionEndpoint as { endpointId: string; secret: string; secretSource: string };
}

const secretReads = (endpointId: string) =>
	emulator.requests.filter((request) => request.method === 'GET' && request.path === `/v1/webhook-endpoints/${endpointId}/secret`);

test('after Roughy retires the old secret, the trigger reads the new one once and keeps accepting deliveries', async () => {
	const registered = await publish();
	const readsAtActivation = secretReads(registered.endpointId).length;
	const { key: rotated } = emulator.control.rotateWebhookSecret(registered.endpointId);

	const first = await emulator.control.sendWebhook({ endpointId: registered.endpointId, data: { entity_id: randomUUID() } });
	const second = await emulator.control.sendWebhook({ endpointId: registered.endpointId, data: { entity_id: randomUUID() } });

	expect(first.headers['svix-signature'].split(' ')).toHaveLength(1);
	expect([first.status, second.status]).toEqual([200, 200]);
	expect(receiver.deliveries.map((delivery) => delivery.workflowData !== undefined)).toEqual([true, true]);
	expect(secretReads(registered.endpointId)).toHaveLength(readsAtActivation + 1);
	expect(current.staticData.productionEndpoint).toMatchObject({
		endpointId: registered.endpointId,
		secret: rotated,
		secretSource: 'secret-endpoint',
	});
});

test('deliveries signed with an unknown secret make at most one secret read per five minutes, and are refused', async () => {
	const registered = await publish();
	const readsAtActivation = secretReads(registered.endpointId).length;

	for (let attempt = 0; attempt < 3; attempt++) {
		const sent = await emulator.control.sendWebhook({ endpointId: registered.endpointId, secrets: [newSvixSecret()] });
		expect(sent.status).toBe(401);
	}

	expect(receiver.deliveries.every((delivery) => delivery.workflowData === undefined)).toBe(true);
	expect(secretReads(registered.endpointId)).toHaveLength(readsAtActivation + 1);
	expect(current.staticData.productionEndpoint).toMatchObject({ secret: registered.secret });
});

test('a delivery that fails an earlier check (stale timestamp) causes no secret read', async () => {
	const registered = await publish();
	const readsAtActivation = secretReads(registered.endpointId).length;
	emulator.control.rotateWebhookSecret(registered.endpointId);

	const sent = await emulator.control.sendWebhook({ endpointId: registered.endpointId, timestampMs: Date.now() - 10 * 60_000 });

	expect(sent.status).toBe(401);
	expect(secretReads(registered.endpointId)).toHaveLength(readsAtActivation);
});
