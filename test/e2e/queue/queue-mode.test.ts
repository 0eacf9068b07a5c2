import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { startEmulator, type RunningEmulator } from '../../../emulator';
import {
	bindToAccount,
	CLEANUP_EXAMPLE,
	createExampleCredential,
	CREDENTIAL_NAME,
	type ExampleWorkflow,
	importExample,
	readExample,
	SAMPLE_VIDEO_BYTES,
	seedDemoAccount,
	type SeededDemoAccount,
	serveSampleVideo,
	TRIGGER_EXAMPLE,
	UPLOAD_EXAMPLE,
} from '../examples';
import { type Execution, packPackage } from '../n8n-process';
import { deliverRenderCompleted, isSuccess, sendBounded } from './deliveries';
import { executionsPerDelivery, nodeOutput, settledExecutions } from './executions';
import { N8nQueue } from './n8n-queue';
import { storedDeliveryIds } from '../static-data';
import { waitUntil } from '../wait';

/**
 * The package on n8n's scale-out engine: main (editor, API, activation), a
 * worker that runs every execution, a webhook process that receives
 * Roughy's deliveries, sharing Redis and Postgres; n8n's default binary
 * data mode for queue mode (database).
 */

const BURST_SIZE = 300;
const BURST_CONCURRENCY = 8;
const newMsgId = () => `msg_${randomBytes(12).toString('hex')}`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('n8n in queue mode: main, a worker (concurrency 2) and a webhook process on Redis and Postgres', () => {
	let queue: N8nQueue;
	let emulator: RunningEmulator;
	let video: Awaited<ReturnType<typeof serveSampleVideo>>;
	let account: SeededDemoAccount;
	let credentialId: string;

	beforeAll(async () => {
		const tarball = await packPackage();
		// One after the other: if n8n fails to start, afterAll still closes what did start.
		// Svix gives a receiver 15 s to answer (the emulator's default is 5 s, for fast retries in unit tests).
		[emulator, video] = await Promise.all([startEmulator({ webhookTimeoutMs: 15_000 }), serveSampleVideo()]);
		queue = await N8nQueue.start({ packageTarball: tarball });
		account = seedDemoAccount(emulator.control);
		({ id: credentialId } = await createExampleCredential(queue.main, emulator));
	});

	afterAll(async () => {
		await Promise.all([queue?.stop(), emulator?.close(), video?.close()]);
	});

	function example(file: string): ExampleWorkflow {
		return bindToAccount(readExample(file), { project: account.project, videoUrl: video.url });
	}

	/** The execution finished, successfully, on the worker (its log says so) and not on main. */
	function expectRanOnWorker(execution: Execution): void {
		expect(execution.data?.resultData.error).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(queue.executionsFinishedOnWorker()).toContain(String(execution.id));
	}

	describe(`${UPLOAD_EXAMPLE.file}, run by hand in the editor`, () => {
		let execution: Execution;

		beforeAll(async () => {
			const { id } = await importExample(queue.main, example(UPLOAD_EXAMPLE.file));
			execution = await queue.main.runManually(id, UPLOAD_EXAMPLE.trigger, 300_000);
		});

		it('runs to the end on the worker', () => {
			expectRanOnWorker(execution);
			expect(execution.data?.resultData.lastNodeExecuted).toBe(UPLOAD_EXAMPLE.renderDownload);
		});

		it('uploads the video from the worker, byte for byte', async () => {
			const [asset] = nodeOutput(execution, UPLOAD_EXAMPLE.upload);
			expect(asset.json).toMatchObject({ project_id: account.project.id, state: 'ready', size_bytes: SAMPLE_VIDEO_BYTES });
			const original = Buffer.from(await (await fetch(video.url)).arrayBuffer());
			expect(emulator.storedUpload(asset.json.id as string)).toMatchObject({ status: 'complete', sha256: sha256(original) });
			const uploading = (log: string) => log.includes(`Roughy: uploading`) && log.includes(String(asset.json.id));
			expect(queue.worker.logEntries().some((entry) => uploading(entry.message))).toBe(true);
			expect(queue.main.logEntries().some((entry) => uploading(entry.message))).toBe(false);
		});

		it('renders the cut and downloads the render on the worker, kept in n8n’s database binary mode', () => {
			const [render] = nodeOutput(execution, UPLOAD_EXAMPLE.render);
			expect(render.json).toMatchObject({ state: 'completed', output: { format: 'mp4' } });
			const [download] = nodeOutput(execution, UPLOAD_EXAMPLE.renderDownload);
			expect(download.binary?.data).toMatchObject({ fileName: 'interview-cut.mp4', mimeType: 'video/mp4' });
			if (queue.main.runtime.line === 2) expect(String((download.binary?.data as { id?: string }).id)).toMatch(/^database:/);
		});
	});

	describe(`${CLEANUP_EXAMPLE.file} against the account in the emulator`, () => {
		let workflowId: string;
		const deletions = () => emulator.requests.filter((request) => request.method === 'DELETE').map((request) => request.path.split('/').pop());
		const results = (execution: Execution) =>
			nodeOutput(execution, CLEANUP_EXAMPLE.delete)
				.filter((item) => item.json.result !== 'summary')
				.map((item) => [item.json.asset_id, item.json.result])
				.sort();

		beforeAll(async () => {
			({ id: workflowId } = await importExample(queue.main, example(CLEANUP_EXAMPLE.file)));
		});

		it('as imported (Dry Run on) runs on the worker, lists the failed and old assets and deletes nothing', async () => {
			emulator.requests.length = 0;
			const execution = await queue.main.runManually(workflowId, CLEANUP_EXAMPLE.trigger, 120_000);

			expectRanOnWorker(execution);
			expect(results(execution)).toEqual(account.cleanupTargets.map((id) => [id, 'would_delete']).sort());
			expect(deletions()).toEqual([]);
		});

		it('with Dry Run off runs on the worker and deletes exactly those assets', async () => {
			const live = example(CLEANUP_EXAMPLE.file);
			const nodes = live.nodes.map((node) => ({
				...node,
				parameters: node.name === CLEANUP_EXAMPLE.delete ? { ...node.parameters, dryRun: false } : node.parameters,
				credentials: node.credentials && { roughyApi: { id: credentialId, name: CREDENTIAL_NAME } },
			}));
			await queue.main.api('PUT', `/workflows/${workflowId}`, {
				name: live.name,
				nodes,
				connections: live.connections,
				settings: live.settings ?? { executionOrder: 'v1' },
			});
			emulator.requests.length = 0;

			const execution = await queue.main.runManually(workflowId, CLEANUP_EXAMPLE.trigger, 120_000);

			expectRanOnWorker(execution);
			expect(results(execution)).toEqual(account.cleanupTargets.map((id) => [id, 'deleted']).sort());
			expect(deletions().sort()).toEqual([...account.cleanupTargets].sort());
			expect(emulator.control.snapshot().assets.map((asset) => asset.id)).toEqual(expect.arrayContaining(account.kept));
		});
	});

	describe(`${TRIGGER_EXAMPLE.file}, published on main, receiving on the webhook process`, () => {
		let workflowId: string;
		let webhookPath: string;
		/** A finished render of a kept asset: what the deliveries below are about. */
		let render: { id: string; asset_id: string };
		const endpoints = () => emulator.control.snapshot().webhook_endpoints;

		beforeAll(async () => {
			// Seeded before publishing: a render completing later would be delivered too.
			render = emulator.control.seedRender({ asset_id: account.kept[0], output: { format: 'mp4' } });
			({ id: workflowId } = await importExample(queue.main, example(TRIGGER_EXAMPLE.file)));
			const stored = await queue.main.api<ExampleWorkflow>('GET', `/workflows/${workflowId}`);
			webhookPath = `/webhook/${String(stored.nodes.find((node) => node.name === TRIGGER_EXAMPLE.trigger)?.webhookId)}/webhook`;
		});

		/** Executions of the trigger example so far, once they have settled. */
		const settled = (atLeast: number) => settledExecutions(queue.main, workflowId, { atLeast });
		const deliver = (msgId: string, url?: string) => deliverRenderCompleted(emulator, endpoints()[0].id, { msgId, render, url });

		it('publishing registers exactly one endpoint at Roughy, for the webhook process’s URL', async () => {
			expect(endpoints()).toEqual([]);
			await queue.main.publishWorkflow(workflowId);
			await waitUntil(() => endpoints().length > 0, 30_000, 'an endpoint registered with Roughy');
			// Give a second registration (from another process) the time to show up.
			await new Promise((resolve) => setTimeout(resolve, 2_000));

			expect(endpoints()).toEqual([
				expect.objectContaining({ url: `${queue.webhook.baseUrl}${webhookPath}`, event_types: ['render.completed'] }),
			]);
		});

		it('a signed delivery to the webhook process starts one execution, run on the worker', async () => {
			const msgId = newMsgId();
			const record = await deliver(msgId);

			expect(record.status).toBe(200);
			const [execution] = await settled(1);
			expectRanOnWorker(execution);
			expect(execution.mode).toBe('webhook');
			expect(nodeOutput(execution, TRIGGER_EXAMPLE.trigger)[0].json).toMatchObject({
				event: 'render.completed',
				entity_id: render.id,
				delivery_id: msgId,
				render: expect.objectContaining({ id: render.id, state: 'completed' }),
			});
			expect(nodeOutput(execution, TRIGGER_EXAMPLE.download)[0].binary?.data).toMatchObject({ fileName: `${render.id}.mp4` });
		});

		describe('exactly one execution per svix-id', () => {
			it('when Svix re-delivers the same id 3 s later', async () => {
				const msgId = newMsgId();
				const before = (await settled(0)).length;
				const first = await deliver(msgId);
				await new Promise((resolve) => setTimeout(resolve, 3_000));
				const second = await deliver(msgId);

				expect([first, second].map(isSuccess)).toEqual([true, true]);
				const executions = await settled(before + 1);
				expect(executionsPerDelivery(executions, TRIGGER_EXAMPLE.trigger).get(msgId)).toBe(1);
			});

			it('when the same id arrives five times at once', async () => {
				const msgId = newMsgId();
				const before = (await settled(0)).length;
				const records = await Promise.all(Array.from({ length: 5 }, () => deliver(msgId)));

				expect(records.map(isSuccess)).toEqual([true, true, true, true, true]);
				const executions = await settled(before + 1);
				expect(executionsPerDelivery(executions, TRIGGER_EXAMPLE.trigger).get(msgId)).toBe(1);
			});

			it('when the id is replayed after its execution finished', async () => {
				const msgId = newMsgId();
				const before = (await settled(0)).length;
				expect(isSuccess(await deliver(msgId))).toBe(true);
				await settled(before + 1);
				expect(isSuccess(await deliver(msgId))).toBe(true);

				const executions = await settled(before + 1);
				expect(executionsPerDelivery(executions, TRIGGER_EXAMPLE.trigger).get(msgId)).toBe(1);
			});

			it('when the same id arrives five times at once at main', async () => {
				const msgId = newMsgId();
				const before = (await settled(0)).length;
				const atMain = `${queue.main.baseUrl}${webhookPath}`;
				const records = await Promise.all(Array.from({ length: 5 }, () => deliver(msgId, atMain)));

				expect(records.map(isSuccess)).toEqual([true, true, true, true, true]);
				const executions = await settled(before + 1);
				expect(executionsPerDelivery(executions, TRIGGER_EXAMPLE.trigger).get(msgId)).toBe(1);
			});

			// A retry reaching another process than the first attempt (a load balancer
			// in front of main and webhook processes): the record travels through
			// n8n's database, which n8n writes just after the trigger answered (a few
			// milliseconds). The copy is sent once the record is there, as Svix's
			// retries come seconds later; a copy reaching another process inside that
			// moment is the documented limit (README, Roughy Trigger).
			const recorded = (msgId: string) =>
				waitUntil(async () => (await storedDeliveryIds(queue.main, workflowId, TRIGGER_EXAMPLE.trigger)).includes(msgId), 10_000, `${msgId} in n8n's database`);

			it('when the id lands on the webhook process, then on main', async () => {
				const msgId = newMsgId();
				const before = (await settled(0)).length;
				const first = await deliver(msgId);
				await recorded(msgId);
				const second = await deliver(msgId, `${queue.main.baseUrl}${webhookPath}`);

				expect([first, second].map(isSuccess)).toEqual([true, true]);
				const executions = await settled(before + 1);
				expect(executionsPerDelivery(executions, TRIGGER_EXAMPLE.trigger).get(msgId)).toBe(1);
			});

			it('when the id lands on main, then on the webhook process', async () => {
				const msgId = newMsgId();
				const before = (await settled(0)).length;
				const first = await deliver(msgId, `${queue.main.baseUrl}${webhookPath}`);
				await recorded(msgId);
				const second = await deliver(msgId);

				expect([first, second].map(isSuccess)).toEqual([true, true]);
				const executions = await settled(before + 1);
				expect(executionsPerDelivery(executions, TRIGGER_EXAMPLE.trigger).get(msgId)).toBe(1);
			});
		});

		it('unpublishing removes the endpoint, and the webhook process stops taking deliveries', async () => {
			await queue.main.unpublishWorkflow(workflowId);
			await waitUntil(() => endpoints().length === 0, 30_000, 'the endpoint removed from Roughy');
			expect(endpoints()).toEqual([]);
			const response = await fetch(`${queue.webhook.baseUrl}${webhookPath}`, { method: 'POST', body: '{}' });
			expect(response.status).toBe(404);
		});
	});

	describe(`a burst of ${BURST_SIZE} deliveries`, () => {
		it(`gives ${BURST_SIZE} executions on the worker: none lost, none doubled`, async () => {
			// The trigger example without its download: the burst measures delivery and queueing, not render bytes.
			const trigger = example(TRIGGER_EXAMPLE.file);
			const burstWorkflow = {
				...trigger,
				name: `${trigger.name} (burst)`,
				nodes: trigger.nodes.filter((node) => node.name !== TRIGGER_EXAMPLE.download).map((node) => ({ ...node, id: randomUUID(), webhookId: randomUUID() })),
				connections: {},
			};
			const { id: workflowId } = await importExample(queue.main, burstWorkflow);
			await queue.main.publishWorkflow(workflowId);
			await waitUntil(() => emulator.control.snapshot().webhook_endpoints.length === 1, 30_000, 'the burst workflow’s endpoint');
			const [endpoint] = emulator.control.snapshot().webhook_endpoints;
			expect(endpoint.url.startsWith(`${queue.webhook.baseUrl}/webhook/`)).toBe(true);
			const render = emulator.control.snapshot().renders.find((candidate) => candidate.state === 'completed')!;
			const finishedOnWorkerBefore = queue.executionsFinishedOnWorker().size;

			const msgIds = Array.from({ length: BURST_SIZE }, newMsgId);
			const started = Date.now();
			const records = await sendBounded(BURST_SIZE, BURST_CONCURRENCY, (index) =>
				deliverRenderCompleted(emulator, endpoint.id, { msgId: msgIds[index], render }),
			);
			const answeredMs = Date.now() - started;
			const executions = await settledExecutions(queue.main, workflowId, { atLeast: BURST_SIZE, timeoutMs: 600_000 });
			const finishedMs = Date.now() - started;
			console.log(
				`Burst: ${BURST_SIZE} signed deliveries (${BURST_CONCURRENCY} at a time) answered in ${(answeredMs / 1000).toFixed(1)} s; ` +
					`${executions.length} executions finished ${(finishedMs / 1000).toFixed(1)} s after the first delivery ` +
					`(includes a 3 s quiet period); ${Math.max(...records.map((record) => record.durationMs))} ms slowest answer`,
			);

			expect(records.filter((record) => !isSuccess(record)).map((record) => [record.messageId, record.status, record.error])).toEqual([]);
			const perDelivery = executionsPerDelivery(executions, TRIGGER_EXAMPLE.trigger);
			expect([...perDelivery.keys()].sort()).toEqual([...msgIds].sort());
			expect([...perDelivery.values()].every((count) => count === 1)).toBe(true);
			expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
			expect(queue.executionsFinishedOnWorker().size - finishedOnWorkerBefore).toBe(BURST_SIZE);
			await queue.main.unpublishWorkflow(workflowId);
		});
	});
});

