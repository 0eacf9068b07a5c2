/**
 * Fault catalogue, Roughy Trigger: the webhook registration going missing
 * or half-made on Roughy's side, and Roughy restarting. n8n runs
 * checkExists (then create if it said false) each time it activates the
 * workflow, including on every n8n start; that is where the trigger repairs
 * things, and each case ends with exactly one endpoint and a delivery that
 * verifies and starts the workflow once.
 *
 * Already specified elsewhere: Svix retrying the same delivery starts one
 * execution (test/nodes/RoughyTrigger/deliveries.test.ts, "a retried
 * delivery"), a 503 from the trigger makes Svix retry ("when Roughy cannot
 * be read"), and orphaned or duplicate endpoints for our URL are replaced
 * (webhook-lifecycle.test.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { runWebhookLifecycle } from '../harness';
import { startWebhookReceiver, type WebhookReceiver } from '../nodes/RoughyTrigger/n8n-receiver';
import { triggerNode } from '../nodes/RoughyTrigger/trigger-fixtures';
import { ENDPOINT_CREATES, requestsTo } from './invariants';

let emu: RunningEmulator;
let receiver: WebhookReceiver;
/** The active workflow's static data, as n8n persists it between activations. */
let staticData: IDataObject;
const node = triggerNode({ events: ['asset.ready'] });

beforeAll(async () => {
	emu = await startEmulator();
	receiver = await startWebhookReceiver(() => ({
		node,
		staticData,
		credentials: { baseUrl: emu.url, apiKey: emu.apiKey },
	}));
});
afterAll(async () => {
	await receiver.close();
	await emu.close();
});
beforeEach(() => {
	emu.control.reset();
	receiver.deliveries.length = 0;
	staticData = {};
});

/** What n8n does when it activates the workflow (publishing it, or starting up): checkExists, then create if needed. */
async function activate() {
	const hooks = await runWebhookLifecycle({
		node,
		credentials: { baseUrl: emu.url, apiKey: emu.apiKey },
		webhookBaseUrl: receiver.url,
		staticData,
	});
	const existed = await hooks.checkExists();
	if (!existed) await hooks.create();
	return { existed };
}

function endpoints() {
	return emu.control.snapshot().webhook_endpoints;
}

/** An asset becomes ready in Roughy; resolves once Roughy has finished delivering (with retries). */
async function assetBecomesReady() {
	const asset = emu.control.seedAsset({ state: 'processing' });
	emu.control.setAssetState(asset.id, 'ready');
	await emu.control.idle();
	return asset.id;
}

function executionsStarted() {
	return receiver.deliveries.filter((delivery) => delivery.workflowData !== undefined);
}

it("endpoint deleted on Roughy's side while the workflow stays active: the next activation registers it again and events start the workflow", async () => {
	await activate();
	const [lost] = endpoints();
	const removal = await fetch(`${emu.url}/v1/webhook-endpoints/${lost.id}`, {
		method: 'DELETE',
		headers: { Authorization: `Bearer ${emu.apiKey}` },
	});
	expect(removal.status).toBe(204);
	await assetBecomesReady();
	expect(receiver.deliveries).toHaveLength(0);

	const { existed } = await activate();
	const assetId = await assetBecomesReady();

	expect(existed).toBe(false);
	expect(endpoints()).toHaveLength(1);
	expect(endpoints()[0].id).not.toBe(lost.id);
	expect(executionsStarted()).toHaveLength(1);
	expect(executionsStarted()[0].status).toBe(200);
	expect(executionsStarted()[0].workflowData?.flat().map((item) => item.json.entity_id)).toEqual([assetId]);
});

it('endpoint creation answered 502 after Roughy registered it: activation fails clearly, the next one leaves exactly one endpoint', async () => {
	emu.faults.add({ method: 'POST', path: '/v1/webhook-endpoints', when: 'after', status: 502 });

	await expect(activate()).rejects.toMatchObject({
		message: 'A service Roughy depends on answered badly (webhook endpoint)',
	});
	expect(endpoints()).toHaveLength(1);
	expect(requestsTo(emu, 'POST', ENDPOINT_CREATES)).toHaveLength(1);

	await activate();
	await assetBecomesReady();

	expect(endpoints()).toHaveLength(1);
	expect(executionsStarted()).toHaveLength(1);
});

it('Roughy restarting between activation and an event: the registration survives, nothing is registered again', async () => {
	await activate();
	await emu.restart({ downMs: 300 });

	const { existed } = await activate();
	await assetBecomesReady();

	expect(existed).toBe(true);
	expect(requestsTo(emu, 'POST', ENDPOINT_CREATES)).toHaveLength(1);
	expect(executionsStarted()).toHaveLength(1);
});

it('a 503 burst while activation lists the endpoints is retried; one endpoint', async () => {
	emu.faults.add({ method: 'GET', path: '/v1/webhook-endpoints', times: 2, status: 503 });

	await activate();
	await assetBecomesReady();

	expect(endpoints()).toHaveLength(1);
	expect(executionsStarted()).toHaveLength(1);
});
