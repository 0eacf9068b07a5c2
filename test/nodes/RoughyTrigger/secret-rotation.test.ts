import { randomUUID } from 'crypto';

import { newSvixSecret } from '../../webhooks/svix-signer';
import { resetSecretRefreshLimits } from '../../../nodes/RoughyTrigger/secret-refresh';
import { useReceivingTrigger } from './trigger-kit';

/**
 * Roughy rotates an endpoint's signing secret: for a grace period both
 * secrets sign, then only the new one. Here the grace period is zero, so
 * the old secret stops signing at once.
 */
const kit = useReceivingTrigger({ webhookSecretGraceMs: 0 });
beforeEach(() => resetSecretRefreshLimits());
const publish = async () => await kit.publish();

const secretReads = (endpointId: string) =>
	kit.emulator.requests.filter((request) => request.method === 'GET' && request.path === `/v1/webhook-endpoints/${endpointId}/secret`);

test('after Roughy retires the old secret, the trigger reads the new one once and keeps accepting deliveries', async () => {
	const registered = await publish();
	const readsAtActivation = secretReads(registered.endpointId).length;
	const { key: rotated } = kit.emulator.control.rotateWebhookSecret(registered.endpointId);

	const first = await kit.emulator.control.sendWebhook({ endpointId: registered.endpointId, data: { entity_id: randomUUID() } });
	const second = await kit.emulator.control.sendWebhook({ endpointId: registered.endpointId, data: { entity_id: randomUUID() } });

	expect(first.headers['svix-signature'].split(' ')).toHaveLength(1);
	expect([first.status, second.status]).toEqual([200, 200]);
	expect(kit.receiver.deliveries.map((delivery) => delivery.workflowData !== undefined)).toEqual([true, true]);
	expect(secretReads(registered.endpointId)).toHaveLength(readsAtActivation + 1);
	expect(kit.workflow.staticData.productionEndpoint).toMatchObject({
		endpointId: registered.endpointId,
		secret: rotated,
		secretSource: 'secret-endpoint',
	});
});

test('deliveries signed with an unknown secret make at most one secret read per five minutes, and are refused', async () => {
	const registered = await publish();
	const readsAtActivation = secretReads(registered.endpointId).length;

	for (let attempt = 0; attempt < 3; attempt++) {
		const sent = await kit.emulator.control.sendWebhook({ endpointId: registered.endpointId, secrets: [newSvixSecret()] });
		expect(sent.status).toBe(401);
	}

	expect(kit.receiver.deliveries.every((delivery) => delivery.workflowData === undefined)).toBe(true);
	expect(secretReads(registered.endpointId)).toHaveLength(readsAtActivation + 1);
	expect(kit.workflow.staticData.productionEndpoint).toMatchObject({ secret: registered.secret });
});

test('a delivery that fails an earlier check (stale timestamp) causes no secret read', async () => {
	const registered = await publish();
	const readsAtActivation = secretReads(registered.endpointId).length;
	kit.emulator.control.rotateWebhookSecret(registered.endpointId);

	const sent = await kit.emulator.control.sendWebhook({ endpointId: registered.endpointId, timestampMs: Date.now() - 10 * 60_000 });

	expect(sent.status).toBe(401);
	expect(secretReads(registered.endpointId)).toHaveLength(readsAtActivation);
});
