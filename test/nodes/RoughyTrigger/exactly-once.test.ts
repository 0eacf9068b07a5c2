import { randomUUID } from 'crypto';

import { forgetClaimsInMemory } from '../../../nodes/RoughyTrigger/delivery-claims';
import { newMessageId } from '../../webhooks/svix-signer';
import { useReceivingTrigger } from './trigger-kit';

/**
 * One execution per svix-id with static data as n8n 2.40.7 keeps it: each
 * request reads its own copy, and only what n8n saves survives (the harness
 * models this in deliverWebhook). forgetClaimsInMemory() stands for a
 * restart, or for a redelivery landing on another n8n process.
 */

const kit = useReceivingTrigger();
beforeEach(() => forgetClaimsInMemory());

async function publish(parameters = {}): Promise<string> {
	return (await kit.publish(parameters)).endpointId;
}

const assetEvent = () => {
	const id = randomUUID();
	return { entity_id: id, asset_id: id };
};

describe('Roughy Trigger: one execution per svix-id', () => {
	test('an accepted delivery is answered 200 with a JSON acknowledgement', async () => {
		const endpointId = await publish();

		const sent = await kit.emulator.control.sendWebhook({ endpointId, data: assetEvent() });

		expect(sent.status).toBe(200);
		expect(kit.receiver.deliveries[0].responseBody).toEqual({ received: true });
		expect(kit.receiver.deliveries[0].responseHeaders['content-type']).toContain('application/json');
		expect(kit.started()).toHaveLength(1);
	});

	test('a redelivery after a restart is recognised from the static data n8n saved', async () => {
		const endpointId = await publish();
		const msgId = newMessageId();
		const data = assetEvent();

		await kit.emulator.control.sendWebhook({ endpointId, msgId, data });
		forgetClaimsInMemory();
		const again = await kit.emulator.control.sendWebhook({ endpointId, msgId, data });

		expect(again.status).toBe(200);
		expect(kit.started()).toHaveLength(1);
		expect(kit.receiver.deliveries[1].responseBody).toEqual({ received: true, duplicate: true });
		expect(kit.workflow.staticData.recentDeliveries).toEqual([{ id: msgId, at: expect.any(Number) }]);
	});

	test('two copies arriving together start one execution, though the first awaits Roughy', async () => {
		const endpointId = await publish({ options: { includeFullResource: true } });
		const msgId = newMessageId();
		const data = assetEvent();

		const copies = await Promise.all([
			kit.emulator.control.sendWebhook({ endpointId, msgId, data }),
			kit.emulator.control.sendWebhook({ endpointId, msgId, data }),
		]);

		expect(copies.map((copy) => copy.status)).toEqual([200, 200]);
		expect(kit.started()).toHaveLength(1);
		expect(kit.receiver.deliveries.map((delivery) => delivery.responseBody)).toEqual(
			expect.arrayContaining([{ received: true }, { received: true, duplicate: true }]),
		);
	});

	test('a copy arriving while the first fails is told to retry too, and the retry runs once', async () => {
		const endpointId = await publish({ options: { includeFullResource: true } });
		const msgId = newMessageId();
		const data = assetEvent();
		kit.workflow.apiKey = 'sk_test_revoked';

		const copies = await Promise.all([
			kit.emulator.control.sendWebhook({ endpointId, msgId, data }),
			kit.emulator.control.sendWebhook({ endpointId, msgId, data }),
		]);
		kit.workflow.apiKey = kit.emulator.apiKey;
		const retried = await kit.emulator.control.sendWebhook({ endpointId, msgId, data });

		expect(copies.map((copy) => copy.status)).toEqual([503, 503]);
		expect(retried.status).toBe(200);
		expect(kit.started()).toHaveLength(1);
	});

	test('distinct deliveries arriving together are all kept, though each request saves static data whole', async () => {
		const endpointId = await publish();
		const sends = Array.from({ length: 6 }, () => ({ endpointId, msgId: newMessageId(), data: assetEvent() }));

		await Promise.all(sends.map(async (send) => await kit.emulator.control.sendWebhook(send)));
		forgetClaimsInMemory();
		for (const send of sends) await kit.emulator.control.sendWebhook(send);

		expect(kit.started()).toHaveLength(sends.length);
		const stored = (kit.workflow.staticData.recentDeliveries as Array<{ id: string }>).map((entry) => entry.id);
		expect(stored.sort()).toEqual(sends.map((send) => send.msgId).sort());
	});

});
