/**
 * The server lies: answers that look valid but are not true, from Roughy or
 * from a proxy, cache or load balancer in front of it. One test per case of
 * issue 14. Each one ran into an endless loop, a hang, a truncated upload
 * reported as success, or a leaked key before the node checked what it was
 * told; each must end, and never report as done what Roughy did not confirm.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { resetSecretRefreshLimits } from '../../nodes/RoughyTrigger/secret-refresh';
import { fakeMp4, sha256 } from '../fixtures/media';
import { binaryFromBuffer, runRoughyNode, runWebhookLifecycle, type TestBinary, type TestItem } from '../harness';
import { startWebhookReceiver, type WebhookReceiver } from '../nodes/RoughyTrigger/n8n-receiver';
import { triggerNode } from '../nodes/RoughyTrigger/trigger-fixtures';
import { newSvixSecret, stopSvixSigner } from '../webhooks/svix-signer';
import { accountOf, ASSET_CREATES, nothingTwice, requestsTo, UPLOADS } from './invariants';

const MIB = 1024 * 1024;
/** Five 1 MiB chunks, the last one short. */
const SIZE = 4 * MIB + 333;
const PATCHES = { method: 'PATCH', path: '/v1/uploads/*' } as const;
/** Short, so a request that is never answered fails in a second instead of a minute. */
const TIMEOUT_SECONDS = 1;

let emu: RunningEmulator;
const bytes = fakeMp4(SIZE);

beforeAll(async () => {
	emu = await startEmulator({ timing: 'manual' });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.control.reset());

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

async function run(
	parameters: INodeParameters,
	options: { input?: TestItem[]; continueOnFail?: boolean; baseUrl?: string } = {},
) {
	return await runRoughyNode({
		parameters,
		credentials: { baseUrl: options.baseUrl ?? emu.url, apiKey: emu.apiKey, timeoutSeconds: TIMEOUT_SECONDS },
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

async function upload(file: TestBinary = binaryFromBuffer(bytes, 'take-1.mp4', 'video/mp4')) {
	const projectId = emu.control.createProject().id;
	return await run(
		{
			resource: 'asset',
			operation: 'create',
			projectId: byId(projectId),
			binaryPropertyName: 'data',
			options: { chunkSizeMiB: 1 },
		},
		{ input: [{ json: {}, binary: { data: file } }] },
	);
}

const patchCount = () => requestsTo(emu, 'PATCH', UPLOADS).length;

describe('1. a PATCH answered with the offset it was sent (the server never advances)', () => {
	test('fails after a bounded number of tries, saying so, instead of sending the chunk forever', async () => {
		emu.faults.add({ ...PATCHES, uploadOffset: 'unchanged', times: 'always' });

		const { error } = await upload();

		expect(error?.message).toMatch(/^Upload to asset .* stopped at 0%: Roughy answered the chunk with offset 0 instead of 1048576$/);
		expect(error?.description).toContain('retried 4 times without getting further');
		expect(patchCount()).toBe(5);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1 }));
	}, 60_000);
});

describe('2. an offset that jumps ahead of what was sent', () => {
	test('an answer claiming the whole file after the first chunk: read again with HEAD, every byte sent, stored byte for byte', async () => {
		emu.faults.add({ ...PATCHES, nth: 1, uploadOffset: SIZE });

		const { items, error } = await upload();

		expect(error).toBeUndefined();
		const asset = items[0].json as IDataObject & { id: string; upload: IDataObject };
		expect(emu.storedUpload(asset.id).sha256).toBe(sha256(bytes));
		expect(asset.upload).toMatchObject({ bytes_sent: SIZE, retries: 1 });
	}, 30_000);

	test('a HEAD claiming more bytes than the upload can hold fails at once and says the upload cannot be trusted', async () => {
		emu.faults.add({ method: 'PATCH', path: '/v1/uploads/*', nth: 2, status: 503, retryAfter: 0 });
		emu.faults.add({ method: 'HEAD', path: '/v1/uploads/*', nth: 2, uploadOffset: SIZE + 1000 });

		const { error } = await upload();

		expect(error?.message).toMatch(new RegExp(`Roughy reports ${SIZE + 1000} bytes received for a ${SIZE}-byte upload$`));
		expect(error?.description).toContain('upload the file again as a new asset');
	}, 30_000);
});

describe('3. n8n records a smaller size than its binary store holds', () => {
	test('the size mismatch is an error naming both sizes, before anything is created', async () => {
		const file: TestBinary = { ...binaryFromBuffer(bytes, 'take-1.mp4', 'video/mp4'), appendAfterStoring: Buffer.alloc(4096, 7) } as TestBinary;

		const { error } = await upload(file);

		expect(error?.message).toBe(`The file in "data" (take-1.mp4) of item 0 has ${SIZE + 4096} bytes, but n8n recorded ${SIZE}`);
		expect(error?.description).toContain('Nothing was sent to Roughy');
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(0);
	});
});

describe('4. a server that accepts the connection and never answers', () => {
	test('a read times out and is asked again', async () => {
		const project = emu.control.createProject({ name: 'Interviews' });
		emu.faults.add({ method: 'GET', path: '/v1/projects/*', hang: true });

		const { items, error } = await run({ resource: 'project', operation: 'get', projectId: byId(project.id) });

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ id: project.id, name: 'Interviews' });
		expect(requestsTo(emu, 'GET', /^\/v1\/projects\//)).toHaveLength(2);
	}, 30_000);

	test('a create times out, is not repeated (it may have been carried out), and says the request timed out', async () => {
		emu.faults.add({ method: 'POST', path: '/v1/projects', hang: true });

		const { error } = await run({ resource: 'project', operation: 'create', name: 'Interviews' });

		expect(error?.message).toMatch(/^Could not reach Roughy.*timed out/);
		expect(requestsTo(emu, 'POST', /^\/v1\/projects$/)).toHaveLength(1);
	}, 30_000);
});

describe('5. Return All against a server that ignores offset and claims a huge total', () => {
	test('the listing stops at the first repeated page with an error, instead of walking forever', async () => {
		const projectId = emu.control.createProject().id;
		for (let i = 0; i < 120; i++) emu.control.seedAsset({ project_id: projectId });
		emu.faults.add({ method: 'GET', path: '/v1/assets', ignoreQuery: ['offset'], total: 1_000_000_000, times: 'always' });

		const { error } = await run({ resource: 'asset', operation: 'getMany', returnAll: true });

		expect(error?.message).toBe("Roughy's list of /v1/assets never ended: it answered a page it had already sent");
		expect(requestsTo(emu, 'GET', /^\/v1\/assets$/)).toHaveLength(2);
	}, 30_000);

	test("Delete Many's lookup of unfinished work ends the same way, before anything is deleted", async () => {
		const asset = emu.control.seedAsset();
		for (let i = 0; i < 100; i++) emu.control.seedCut({ asset_id: asset.id, script: `take ${i}`, state: 'pending' });
		emu.faults.add({ method: 'GET', path: '/v1/cuts', ignoreQuery: ['offset'], total: 1_000_000_000, times: 'always' });

		const { error } = await run({ resource: 'asset', operation: 'deleteMany', dryRun: false }, { input: [{ json: { id: asset.id } }] });

		expect(error?.message).toBe("Roughy's list of /v1/cuts never ended: it answered a page it had already sent");
		expect(requestsTo(emu, 'DELETE', /^\/v1\/assets\//)).toHaveLength(0);
	}, 30_000);
});

describe('6. an error text that echoes the Authorization header', () => {
	test.each([
		['a plain-text 400', { echoHeader: 'authorization' }],
		["a 422 envelope's message and fields", { echoHeader: 'authorization', status: 422, code: 'validation_error' as const }],
	])('%s: the key never reaches the output item under Continue On Fail', async (_name, fault) => {
		emu.faults.add({ method: 'GET', path: '/v1/projects/*', ...fault });

		const { items } = await run(
			{ resource: 'project', operation: 'get', projectId: byId(randomUUID()) },
			{ continueOnFail: true },
		);

		const output = JSON.stringify(items);
		expect(output).toContain('[redacted]');
		expect(output).not.toContain(emu.apiKey);
		expect(output).not.toMatch(/Bearer\s+sk_/i);
	});
});

describe('7. a Base URL with plain http to another machine', () => {
	test('is refused before any request, saying why; plain http stays allowed on loopback (every other test)', async () => {
		const { error } = await run({ resource: 'user', operation: 'get' }, { baseUrl: 'http://roughy.example.com' });

		expect(error?.message).toContain('uses plain http, which would send the API key unencrypted. Use https://roughy.example.com.');
		expect(emu.requests).toHaveLength(0);
	});
});

describe('8. an X-Request-Id of thousands of characters', () => {
	test('is cut short in the error', async () => {
		// 12,000 rather than the 20,000: Node's HTTP client refuses headers over 16 KiB outright.
		const requestId = `req_${'x'.repeat(12_000)}`;
		emu.faults.add({ method: 'GET', path: '/v1/projects/*', status: 400, code: 'bad_request', requestId });

		const { error } = await run({ resource: 'project', operation: 'get', projectId: byId(randomUUID()) });

		expect(error?.description).toContain(`request ID ${requestId.slice(0, 100)}…)`);
		expect(error?.description?.length).toBeLessThan(1000);
		expect(JSON.stringify(error)).not.toContain(requestId);
	});
});

describe('9. render list filters the server ignores (DECISIONS.md #10)', () => {
	test('Delete Many does not mistake a finished render for unfinished work', async () => {
		const asset = emu.control.seedAsset();
		emu.control.seedRender({ asset_id: asset.id, state: 'completed' });
		emu.faults.add({ method: 'GET', path: '/v1/renders', ignoreQuery: ['state'], times: 'always' });

		const { items, error } = await run({ resource: 'asset', operation: 'deleteMany', dryRun: false }, { input: [{ json: { id: asset.id } }] });

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ asset_id: asset.id, result: 'deleted' });
		expect(emu.control.snapshot().assets).toHaveLength(0);
	});

	test('Render → Get Many returns only renders in the chosen state', async () => {
		const asset = emu.control.seedAsset();
		const done = emu.control.seedRender({ asset_id: asset.id, state: 'completed' });
		emu.control.seedRender({ asset_id: asset.id, state: 'failed' });
		emu.faults.add({ method: 'GET', path: '/v1/renders', ignoreQuery: ['state'], times: 'always' });

		const { items } = await run({ resource: 'render', operation: 'getMany', returnAll: true, filters: { state: ['completed'] } });

		expect(items.map((item) => item.json.id)).toEqual([done.id]);
	});
});

describe('10. render cancel answered without a body (DECISIONS.md #11)', () => {
	test.each([202, 204])('answered %i: the render is read again and the item says it was cancelled', async (status) => {
		const asset = emu.control.seedAsset();
		const render = emu.control.seedRender({ asset_id: asset.id, state: 'processing' });
		emu.faults.add({ method: 'POST', path: '/v1/renders/*/cancel', emptyAnswer: status });

		const { items, error } = await run({ resource: 'render', operation: 'cancel', renderId: byId(render.id) });

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ render_id: render.id, result: 'cancelled', state: 'cancelled' });
	});
});

describe("4. (trigger) a forged delivery while Roughy's secret read never answers", () => {
	let receiver: WebhookReceiver;
	let current: { node: INode; staticData: IDataObject };
	let triggerEmu: RunningEmulator;

	beforeAll(async () => {
		// The emulator waits longer for the webhook answer than the trigger may take.
		triggerEmu = await startEmulator({ webhookTimeoutMs: 30_000 });
		receiver = await startWebhookReceiver(() => ({
			node: current.node,
			staticData: current.staticData,
			credentials: { baseUrl: triggerEmu.url, apiKey: triggerEmu.apiKey, timeoutSeconds: TIMEOUT_SECONDS },
		}));
	});
	afterAll(async () => {
		stopSvixSigner();
		await receiver.close();
		await triggerEmu.close();
	});
	beforeEach(() => resetSecretRefreshLimits());

	test('is refused (401) once the read times out, instead of holding the webhook request open', async () => {
		current = { node: triggerNode({}), staticData: {} };
		const hooks = await runWebhookLifecycle({
			node: current.node,
			credentials: { baseUrl: triggerEmu.url, apiKey: triggerEmu.apiKey },
			webhookBaseUrl: receiver.url,
			staticData: current.staticData,
		});
		await hooks.create();
		const { endpointId } = current.staticData.productionEndpoint as { endpointId: string };
		triggerEmu.faults.add({ method: 'GET', path: '/v1/webhook-endpoints/*/secret', hang: true, times: 'always' });

		const sent = await triggerEmu.control.sendWebhook({ endpointId, secrets: [newSvixSecret()] });

		expect(sent.status).toBe(401);
		expect(receiver.deliveries.map((delivery) => delivery.workflowData)).toEqual([undefined]);
	}, 60_000);
});
