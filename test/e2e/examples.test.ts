import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startEmulator, type RunningEmulator } from '../../emulator';
import {
	bindToAccount,
	CLEANUP_EXAMPLE,
	createExampleCredential,
	CREDENTIAL_NAME,
	exampleFiles,
	type ExampleWorkflow,
	importExample,
	readExample,
	SAMPLE_VIDEO_BYTES,
	seedDemoAccount,
	type SeededDemoAccount,
	serveSampleVideo,
	TRIGGER_EXAMPLE,
	UPLOAD_EXAMPLE,
} from './examples';
import { type Execution, N8nInstance, packPackage } from './n8n-process';
import { waitUntil } from './wait';

/**
 * The workflows in examples/, imported into a real n8n with the packed
 * package installed as a community package, run against the emulator the
 * way `npm run demo` sets it up: the same project, the same credential
 * name, the same sample video.
 */

interface BinaryMeta {
	id: string;
	fileName?: string;
	mimeType: string;
	bytes?: number;
}
interface OutputItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryMeta>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the examples in a real n8n, against the emulator', () => {
	let n8n: N8nInstance;
	let emulator: RunningEmulator;
	let video: Awaited<ReturnType<typeof serveSampleVideo>>;
	let account: SeededDemoAccount;
	let credentialId: string;

	beforeAll(async () => {
		const tarball = await packPackage();
		[n8n, emulator, video] = await Promise.all([
			N8nInstance.start({ packageTarball: tarball }),
			startEmulator(),
			serveSampleVideo(),
		]);
		account = seedDemoAccount(emulator.control);
		({ id: credentialId } = await createExampleCredential(n8n, emulator));
	});

	afterAll(async () => {
		await Promise.all([n8n?.stop(), emulator?.close(), video?.close()]);
	});

	function example(file: string): ExampleWorkflow {
		return bindToAccount(readExample(file), { project: account.project, videoUrl: video.url });
	}

	function output(execution: Execution, node: string): OutputItem[] {
		const runs = execution.data?.resultData.runData[node];
		expect(runs).toHaveLength(1);
		return (runs?.[0].data?.main?.[0] ?? []) as OutputItem[];
	}

	/** A binary the execution stored (filesystem mode keeps it under the user folder's storage/, binaryData/ in 1.x). */
	function binaryBytes(meta: BinaryMeta): Buffer {
		const [mode, fileId] = meta.id.split(/:(.*)/s);
		expect(mode).toBe('filesystem-v2');
		return readFileSync(path.join(n8n.userFolder, '.n8n', n8n.runtime.line === 1 ? 'binaryData' : 'storage', fileId));
	}

	/** A Roughy API answer straight from the emulator, to compare with what the workflow got. */
	async function fromRoughy(apiPath: string): Promise<Response> {
		const response = await fetch(`${emulator.url}${apiPath}`, { headers: { authorization: `Bearer ${emulator.apiKey}` } });
		expect(response.status).toBe(200);
		return response;
	}

	const deleteRequests = () =>
		emulator.requests.filter((request) => request.method === 'DELETE').map((request) => request.path.split('/').pop());

	it('imports every example with its Roughy nodes bound to the "Roughy account" credential', async () => {
		const files = exampleFiles();
		expect(files).toEqual(expect.arrayContaining([UPLOAD_EXAMPLE.file, CLEANUP_EXAMPLE.file, TRIGGER_EXAMPLE.file]));
		for (const file of files) {
			const { id } = await importExample(n8n, example(file));
			const stored = await n8n.api<ExampleWorkflow>('GET', `/workflows/${id}`);
			const roughyNodes = stored.nodes.filter((node) => node.type.startsWith('n8n-nodes-roughy.'));
			expect(roughyNodes.length).toBeGreaterThan(0);
			for (const node of roughyNodes) {
				expect({ file, node: node.name, credential: node.credentials?.roughyApi }).toEqual({
					file,
					node: node.name,
					credential: { id: credentialId, name: CREDENTIAL_NAME },
				});
			}
		}
	});

	describe(`${UPLOAD_EXAMPLE.file}`, () => {
		let execution: Execution;

		beforeAll(async () => {
			const { id } = await importExample(n8n, example(UPLOAD_EXAMPLE.file));
			execution = await n8n.runManually(id, UPLOAD_EXAMPLE.trigger, 180_000);
		});

		it('runs to the end', () => {
			expect(execution.data?.resultData.error).toBeUndefined();
			expect(execution.status).toBe('success');
		});

		it('uploads the downloaded video into the project and waits until the asset is ready', async () => {
			const [asset] = output(execution, UPLOAD_EXAMPLE.upload);
			expect(asset.json).toMatchObject({
				project_id: account.project.id,
				state: 'ready',
				type: 'video',
				size_bytes: SAMPLE_VIDEO_BYTES,
			});
			const stored = emulator.storedUpload(asset.json.id as string);
			const original = Buffer.from(await (await fetch(video.url)).arrayBuffer());
			expect(stored).toMatchObject({ status: 'complete', bytesReceived: SAMPLE_VIDEO_BYTES, sha256: sha256(original) });
			// n8n runs in filesystem binary mode: the uploader reads the stored file in place, not through a stream.
			const started = n8n.logEntries().find((entry) => entry.message.startsWith('Roughy: uploading') && entry.message.includes(String(asset.json.id)));
			expect(started?.metadata?.readFrom ?? started?.readFrom).toBe('file');
		});

		it('cuts the asset along the script', () => {
			const [asset] = output(execution, UPLOAD_EXAMPLE.upload);
			const [cut] = output(execution, UPLOAD_EXAMPLE.cut);
			const script = readExample(UPLOAD_EXAMPLE.file).nodes.find((node) => node.name === UPLOAD_EXAMPLE.cut)?.parameters.script;
			expect(cut.json).toMatchObject({ asset_id: asset.json.id, state: 'completed', script });
		});

		it('exports the subtitles as the SRT text Roughy serves for the cut', async () => {
			const [cut] = output(execution, UPLOAD_EXAMPLE.cut);
			const [subtitles] = output(execution, UPLOAD_EXAMPLE.subtitles);
			const file = subtitles.binary?.data;
			expect(file).toMatchObject({ fileName: 'interview.srt', mimeType: 'application/x-subrip' });
			const text = binaryBytes(file!).toString('utf8');
			expect(text).toMatch(/^1\r?\n00:00:00,000 --> \d\d:\d\d:\d\d,\d{3}\r?\nHi, I'm Sam from Roughy\./);
			expect(text).toBe(await (await fromRoughy(`/v1/cuts/${cut.json.id}/subtitle/export?format=srt`)).text());
		});

		it('exports the Premiere Pro timeline XML at 25 fps', async () => {
			const [cut] = output(execution, UPLOAD_EXAMPLE.cut);
			const [timeline] = output(execution, UPLOAD_EXAMPLE.timeline);
			const file = timeline.binary?.data;
			expect(file).toMatchObject({ fileName: 'interview-cut.xml', mimeType: 'application/xml' });
			const xml = binaryBytes(file!).toString('utf8');
			expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<!DOCTYPE xmeml>\s*<xmeml version="4">/);
			expect(xml).toContain('<timebase>25</timebase>');
			expect(xml).toBe(
				await (await fromRoughy(`/v1/cuts/${cut.json.id}/export?format=premiere&frame_rate=25`)).text(),
			);
		});

		it('renders the cut to mp4 and downloads exactly the rendered bytes', async () => {
			const [cut] = output(execution, UPLOAD_EXAMPLE.cut);
			const [render] = output(execution, UPLOAD_EXAMPLE.render);
			expect(render.json).toMatchObject({ cut_id: cut.json.id, state: 'completed', output: { format: 'mp4' } });

			const [download] = output(execution, UPLOAD_EXAMPLE.renderDownload);
			const file = download.binary?.data;
			expect(file).toMatchObject({ fileName: 'interview-cut.mp4', mimeType: 'video/mp4' });
			const bytes = binaryBytes(file!);
			expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
			const { download_url: url } = (await (await fromRoughy(`/v1/renders/${render.json.id}`)).json()) as {
				download_url: string;
			};
			const served = Buffer.from(await (await fetch(url)).arrayBuffer());
			expect(bytes.length).toBe(render.json.size_bytes);
			expect(sha256(bytes)).toBe(sha256(served));
		});
	});

	describe(`${CLEANUP_EXAMPLE.file}`, () => {
		let workflowId: string;
		const cleanup = () => readExample(CLEANUP_EXAMPLE.file);

		beforeAll(async () => {
			({ id: workflowId } = await importExample(n8n, example(CLEANUP_EXAMPLE.file)));
		});

		const results = (execution: Execution) =>
			output(execution, CLEANUP_EXAMPLE.delete).filter((item) => item.json.result !== 'summary');

		it('as imported (Dry Run on) lists the failed and old assets and deletes nothing', async () => {
			emulator.requests.length = 0;
			const execution = await n8n.runManually(workflowId, CLEANUP_EXAMPLE.trigger, 120_000);

			expect(execution.data?.resultData.error).toBeUndefined();
			expect(execution.status).toBe('success');
			expect(results(execution).map((item) => [item.json.asset_id, item.json.result]).sort()).toEqual(
				account.cleanupTargets.map((id) => [id, 'would_delete']).sort(),
			);
			expect(output(execution, CLEANUP_EXAMPLE.summary).map((item) => item.json)).toEqual([
				expect.objectContaining({ result: 'summary', dry_run: true, counts: expect.objectContaining({ would_delete: 4, deleted: 0 }) }),
			]);
			expect(deleteRequests()).toEqual([]);
			const assets = emulator.control.snapshot().assets.map((asset) => asset.id);
			expect(assets).toEqual(expect.arrayContaining([...account.cleanupTargets, ...account.kept]));
		});

		it('with Dry Run off deletes exactly those assets', async () => {
			const live = cleanup();
			const nodes = example(CLEANUP_EXAMPLE.file).nodes.map((node) =>
				node.name === CLEANUP_EXAMPLE.delete ? { ...node, parameters: { ...node.parameters, dryRun: false } } : node,
			);
			await n8n.api('PUT', `/workflows/${workflowId}`, {
				name: live.name,
				nodes: nodes.map((node) => ({ ...node, credentials: node.credentials && { roughyApi: { id: credentialId, name: CREDENTIAL_NAME } } })),
				connections: live.connections,
				settings: live.settings ?? { executionOrder: 'v1' },
			});
			const before = emulator.control.snapshot().assets.map((asset) => asset.id);
			emulator.requests.length = 0;

			const execution = await n8n.runManually(workflowId, CLEANUP_EXAMPLE.trigger, 120_000);

			expect(execution.data?.resultData.error).toBeUndefined();
			expect(execution.status).toBe('success');
			expect(results(execution).map((item) => [item.json.asset_id, item.json.result]).sort()).toEqual(
				account.cleanupTargets.map((id) => [id, 'deleted']).sort(),
			);
			expect(deleteRequests().sort()).toEqual([...account.cleanupTargets].sort());
			const after = emulator.control.snapshot().assets.map((asset) => asset.id);
			expect(after.sort()).toEqual(before.filter((id) => !account.cleanupTargets.includes(id)).sort());
			expect(after).toEqual(expect.arrayContaining(account.kept));
		});
	});

	describe(`${TRIGGER_EXAMPLE.file}`, () => {
		let workflowId: string;
		const endpoints = () => emulator.control.snapshot().webhook_endpoints;

		beforeAll(async () => {
			({ id: workflowId } = await importExample(n8n, example(TRIGGER_EXAMPLE.file)));
		});

		it('publishing registers exactly one Roughy webhook endpoint, for n8n’s production webhook URL', async () => {
			expect(endpoints()).toEqual([]);
			await n8n.publishWorkflow(workflowId);
			// n8n answers before the trigger's create() hook has registered the endpoint.
			await waitUntil(() => endpoints().length > 0, 30_000, 'an endpoint registered with Roughy');

			const stored = await n8n.api<ExampleWorkflow>('GET', `/workflows/${workflowId}`);
			const trigger = stored.nodes.find((node) => node.name === TRIGGER_EXAMPLE.trigger)!;
			expect(endpoints()).toEqual([
				expect.objectContaining({
					url: n8n.productionWebhookUrl(workflowId, trigger),
					event_types: ['render.completed'],
				}),
			]);
		});

		it('a completed render starts one execution with the signed event, the render and its file', async () => {
			const [assetId] = account.kept;
			// Processing now, completed by the emulator a moment later: render.completed, signed, to n8n.
			const render = emulator.control.seedRender({ asset_id: assetId, output: { format: 'mp4' }, state: 'processing' });

			const execution = await waitForOnlyExecution(n8n, workflowId, 60_000);

			expect(execution.data?.resultData.error).toBeUndefined();
			expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
			const [event] = output(execution, TRIGGER_EXAMPLE.trigger);
			expect(event.json).toMatchObject({
				event: 'render.completed',
				entity_id: render.id,
				asset_id: assetId,
				delivery_id: expect.stringMatching(/^msg_/),
				delivered_at: expect.any(String),
				render: expect.objectContaining({ id: render.id, state: 'completed' }),
			});
			const [download] = output(execution, TRIGGER_EXAMPLE.download);
			expect(download.binary?.data).toMatchObject({ fileName: `${render.id}.mp4`, mimeType: 'video/mp4' });
			expect(binaryBytes(download.binary!.data).subarray(4, 8).toString('latin1')).toBe('ftyp');

			const deliveries = emulator.webhookDeliveries.filter((delivery) => delivery.url === endpoints()[0].url);
			expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		});

		it('unpublishing removes the endpoint', async () => {
			await n8n.unpublishWorkflow(workflowId);
			await waitUntil(() => endpoints().length === 0, 30_000, 'the endpoint removed from Roughy');
			expect(endpoints()).toEqual([]);
		});
	});
});


/** Waits (bounded) for the first execution of a workflow started by something other than this test, and its end. */
async function waitForOnlyExecution(n8n: N8nInstance, workflowId: string, timeoutMs: number): Promise<Execution> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await n8n.listExecutions(workflowId);
		if (executions.length > 0) {
			expect(executions).toHaveLength(1);
			return await n8n.waitForExecution(executions[0].id, Math.max(1_000, deadline - Date.now()));
		}
		if (Date.now() > deadline) throw new Error(`No execution of workflow ${workflowId} within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
