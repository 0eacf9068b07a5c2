import { randomUUID } from 'node:crypto';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { startDocumentedApiProxy, type DocumentedApiProxy } from '../nodes/RoughyTrigger/documented-api-proxy';
import { newMessageId, nowSeconds, signWithSvix, stopSvixSigner } from '../webhooks/svix-signer';
import { type Execution, N8nHttpError, N8nInstance, packPackage } from './n8n-process';
import { storedDeliveryIds } from './static-data';
import { waitUntil } from './wait';

/**
 * The Roughy Trigger in a real `n8n start` (SQLite, one process), with the
 * packed package installed as a community package: exactly one execution
 * per svix-id, the answer Roughy's delivery log shows, and activation
 * without a signing secret. Deliveries are signed here with the endpoint's
 * secret (svix's own library) and posted to n8n's production webhook URL,
 * so each test controls ids, timing and concurrency.
 */

const TRIGGER = 'Roughy Trigger';
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

interface Endpoint {
	id: string;
	url: string;
}

interface Answer {
	status: number;
	body: string;
}

describe('Roughy Trigger deliveries in a real n8n', () => {
	let n8n: N8nInstance;
	let emulator: RunningEmulator;
	let proxy: DocumentedApiProxy;
	let workflowId: string;
	let endpoint: Endpoint;
	let secret: string;
	let assetId: string;

	const endpointCalls = () => emulator.requests.filter((request) => request.path.startsWith('/v1/webhook-endpoints'));

	beforeAll(async () => {
		const tarball = await packPackage();
		[n8n, emulator] = await Promise.all([N8nInstance.start({ packageTarball: tarball }), startEmulator()]);
		proxy = await startDocumentedApiProxy(emulator.url, { secretEndpoint: false });
		assetId = emulator.control.seedAsset({ state: 'ready' }).id;

		const { id: credentialId } = await n8n.createCredential({
			name: 'Roughy account',
			type: 'roughyApi',
			data: { apiKey: emulator.apiKey, baseUrl: emulator.url },
		});
		({ id: workflowId } = await n8n.createWorkflow(triggerWorkflow('Deliveries', credentialId)));
		await n8n.publishWorkflow(workflowId);
		await waitUntil(() => emulator.control.snapshot().webhook_endpoints.length === 1, 30_000, 'the endpoint');
		[endpoint] = emulator.control.snapshot().webhook_endpoints as Endpoint[];
		secret = await endpointSecret(endpoint.id);
	});

	afterAll(async () => {
		stopSvixSigner();
		await Promise.all([n8n?.stop(), emulator?.close(), proxy?.close()]);
	});

	function triggerWorkflow(name: string, credentialId: string) {
		return {
			name,
			nodes: [
				{
					id: randomUUID(),
					name: TRIGGER,
					type: 'n8n-nodes-roughy.roughyTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: randomUUID(),
					// Include Full Resource: the trigger awaits Roughy before it answers.
					parameters: { events: ['asset.ready'], options: { includeFullResource: true } },
					credentials: { roughyApi: { id: credentialId, name: 'Roughy account' } },
				},
			],
			connections: {},
		};
	}

	async function endpointSecret(id: string): Promise<string> {
		const response = await fetch(`${emulator.url}/v1/webhook-endpoints/${id}/secret`, {
			headers: { authorization: `Bearer ${emulator.apiKey}` },
		});
		return ((await response.json()) as { key: string }).key;
	}

	/** One signed delivery of asset.ready, as Svix sends it, to the trigger's production URL. */
	async function deliver(msgId: string): Promise<Answer> {
		const payload = JSON.stringify({ type: 'asset.ready', data: { entity_id: assetId, asset_id: assetId } });
		const timestamp = nowSeconds();
		const signature = await signWithSvix({ secret, id: msgId, timestamp, payload });
		const response = await fetch(endpoint.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'svix-id': msgId,
				'svix-timestamp': String(timestamp),
				'svix-signature': signature,
			},
			body: payload,
		});
		return { status: response.status, body: await response.text() };
	}

	const deliveryIdOf = (execution: Execution) =>
		execution.data?.resultData.runData[TRIGGER]?.[0]?.data?.main?.[0]?.[0]?.json.delivery_id;

	/** Every execution of the workflow, finished, counted by the svix-id it started from. */
	async function executionsPerDelivery(): Promise<Map<unknown, number>> {
		const counts = new Map<unknown, number>();
		for (const { id } of await n8n.listExecutions(workflowId)) {
			const execution = await n8n.waitForExecution(id);
			expect(execution.status).toBe('success');
			counts.set(deliveryIdOf(execution), (counts.get(deliveryIdOf(execution)) ?? 0) + 1);
		}
		return counts;
	}

	/**
	 * A fresh delivery after the ones under test, and its execution: n8n
	 * starts an execution right after the trigger answers, so once this one
	 * exists every earlier delivery's would too.
	 */
	async function sentinel(): Promise<void> {
		const msgId = newMessageId();
		expect((await deliver(msgId)).status).toBe(200);
		await waitUntil(async () => (await executionsPerDelivery()).get(msgId) === 1, 60_000, `the execution of ${msgId}`);
	}

	it('answers an accepted delivery with a JSON acknowledgement and starts one execution', async () => {
		const msgId = newMessageId();

		const answer = await deliver(msgId);
		await sentinel();

		expect((await executionsPerDelivery()).get(msgId)).toBe(1);
		expect(answer).toEqual({ status: 200, body: JSON.stringify({ received: true }) });
		// Saved by n8n to its database, not only kept in the trigger's memory.
		expect(await storedDeliveryIds(n8n, workflowId, TRIGGER)).toContain(msgId);
	});

	it('a re-delivery of the same svix-id 3 s later starts no second execution', async () => {
		const msgId = newMessageId();

		const first = await deliver(msgId);
		await sleep(3_000);
		const again = await deliver(msgId);
		await sentinel();

		expect((await executionsPerDelivery()).get(msgId)).toBe(1);
		expect(first.status).toBe(200);
		expect(again).toEqual({ status: 200, body: JSON.stringify({ received: true, duplicate: true }) });
	});

	it('copies of one delivery arriving together start one execution', async () => {
		const msgId = newMessageId();

		const answers = await Promise.all([deliver(msgId), deliver(msgId), deliver(msgId)]);
		await sentinel();

		expect((await executionsPerDelivery()).get(msgId)).toBe(1);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
		expect(answers.map((answer) => answer.body).sort()).toEqual(
			[
				JSON.stringify({ received: true }),
				JSON.stringify({ received: true, duplicate: true }),
				JSON.stringify({ received: true, duplicate: true }),
			].sort(),
		);
	});

	it('a replay after the first execution finished starts no second execution', async () => {
		const msgId = newMessageId();
		await deliver(msgId);
		await waitUntil(async () => (await executionsPerDelivery()).get(msgId) === 1, 60_000, `the execution of ${msgId}`);

		const replay = await deliver(msgId);
		await sentinel();

		expect((await executionsPerDelivery()).get(msgId)).toBe(1);
		expect(replay).toEqual({ status: 200, body: JSON.stringify({ received: true, duplicate: true }) });
		expect(await storedDeliveryIds(n8n, workflowId, TRIGGER)).toContain(msgId);
	});

	it('activation without a signing secret registers at most one endpoint, removes it, and a second try does not touch Roughy', async () => {
		// Roughy as documented: no secret in the create response, no secret call.
		const { id: credentialId } = await n8n.createCredential({
			name: 'Roughy as documented',
			type: 'roughyApi',
			data: { apiKey: emulator.apiKey, baseUrl: proxy.url },
		});
		const workflow = triggerWorkflow('Without a signing secret', credentialId);
		workflow.nodes[0].credentials = { roughyApi: { id: credentialId, name: 'Roughy as documented' } };
		const { id: secretless } = await n8n.createWorkflow(workflow);
		const changes = (from: number) =>
			endpointCalls()
				.slice(from)
				.filter((request) => request.method !== 'GET')
				.map((request) => request.method);
		const before = endpointCalls().length;

		const first = await publishAndSettle(n8n, secretless);
		const afterFirst = endpointCalls().length;
		const second = await publishAndSettle(n8n, secretless);

		expect(first.error).toBe("Roughy didn't provide the webhook signing secret");
		expect(second.error).toBe("Roughy didn't provide the webhook signing secret");
		// n8n's retries of the first try (if any) and the second try only list endpoints.
		expect(changes(before)).toEqual(['POST', 'DELETE']);
		expect(changes(afterFirst)).toEqual([]);
		expect(emulator.control.snapshot().webhook_endpoints).toEqual([expect.objectContaining({ id: endpoint.id })]);
	});
});

/**
 * Publishes and waits until n8n has tried the triggers. n8n 2.x applies a
 * publication in the background (its status says how it went); n8n 1.x
 * answers the request with the activation's error.
 */
async function publishAndSettle(n8n: N8nInstance, workflowId: string): Promise<{ error?: string }> {
	try {
		await n8n.publishWorkflow(workflowId);
	} catch (error) {
		// 1.x activates synchronously and answers the activation error itself.
		return { error: error instanceof N8nHttpError ? (error.n8nMessage ?? error.message) : (error as Error).message };
	}
	// 2.x publishes, then activates in the background and reports there.
	if (n8n.runtime.line === 1) return {};
	type Status = { status: string; triggers: Array<{ status: string; errorMessage?: string | null }> };
	let status: Status | undefined;
	await waitUntil(
		async () => {
			status = await n8n.rest<Status>('GET', `/workflows/${workflowId}/publication-status`);
			return status.status !== 'in_progress';
		},
		120_000,
		'the publication to settle',
	);
	const error = status?.triggers.map((trigger) => trigger.errorMessage).find(Boolean) ?? undefined;
	return { error };
}

