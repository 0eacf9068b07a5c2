import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { startRecordingServer, type RecordingServer } from './fixtures/recording-server';
import {
	binaryFromBuffer,
	binaryFromFile,
	manualTriggerNode,
	readBinary,
	registerNodeType,
	runRoughyNode,
	runWorkflow,
	type RoughyTestCredentials,
} from './index';
import { getHarnessServices } from './services';

const API_KEY = 'sk_test_harness_0123456789';

const user = {
	id: '0190a6f0-0000-7000-8000-000000000001',
	email: 'editor@example.com',
	name: 'Edie Tor',
	email_verified_at: '2026-01-02T03:04:05Z',
	deleted_at: null,
	created_at: '2026-01-01T00:00:00Z',
};

function ledgerEntry(n: number) {
	return { id: `0190a6f0-0000-7000-8000-00000000010${n}`, type: 'topup', delta: 100 * n, created_at: '2026-02-01T00:00:00Z' };
}

/** Roughy's error envelope for a rejected query parameter. */
const limitRejected = {
	status: 422,
	json: { error: { code: 'validation_failed', message: 'limit is not allowed here', fields: [{ field: 'query.limit', message: 'not allowed' }] } },
};

let server: RecordingServer;
let credentials: RoughyTestCredentials;

beforeAll(async () => {
	server = await startRecordingServer({
		'GET /v1/users/me': () => ({ json: user }),
		// Answers any page size except 3, so one item of a run can fail on its own.
		'GET /v1/credits/history': ({ query }) => {
			const limit = Number(query.get('limit'));
			if (limit === 3) return limitRejected;
			const items = Array.from({ length: limit }, (_, index) => ledgerEntry(index + 1));
			return { json: { items, total: limit } };
		},
		'GET /v1/credits/balance': () => ({ hang: true }),
	});
	credentials = { baseUrl: server.url, apiKey: API_KEY };
});

afterAll(async () => await server.close());

beforeEach(() => {
	server.requests.length = 0;
	server.onRequest = undefined;
});

describe('running the Roughy node through n8n-core', () => {
	test('returns the API answer as one item paired with the trigger item', async () => {
		const { items, error } = await runRoughyNode({
			parameters: { resource: 'user', operation: 'get' },
			credentials,
		});

		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: user, pairedItem: { item: 0 } }]);
	});

	test("sends the credential's API key as a bearer token, applied by n8n's generic auth", async () => {
		await runRoughyNode({ parameters: { resource: 'user', operation: 'get' }, credentials });

		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	test('resolves expressions per item and pages credits history with the item\'s limit', async () => {
		const { items } = await runRoughyNode({
			parameters: { resource: 'credits', operation: 'history', returnAll: false, limit: '={{ $json.limit }}' },
			credentials,
			input: [{ json: { limit: 2 } }, { json: { limit: 1 } }],
		});

		expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[ledgerEntry(1).id, { item: 0 }],
			[ledgerEntry(2).id, { item: 0 }],
			[ledgerEntry(1).id, { item: 1 }],
		]);
		expect(server.requests.map((request) => request.query.get('limit'))).toEqual(['2', '1']);
	});

	test('stops at the failing item with an error that names it', async () => {
		const { items, error, run } = await runRoughyNode({
			parameters: { resource: 'credits', operation: 'history', returnAll: false, limit: '={{ $json.limit }}' },
			credentials,
			input: [{ json: { limit: 2 } }, { json: { limit: 3 } }],
		});

		expect(run.status).toBe('error');
		expect(items).toEqual([]);
		expect(error?.context.itemIndex).toBe(1);
		expect(error?.message).toEqual(expect.any(String));
		expect(error?.description).toEqual(expect.any(String));
	});

	test('with continueOnFail, turns the failing item into an error item paired with it', async () => {
		const { items, error } = await runRoughyNode({
			parameters: { resource: 'credits', operation: 'history', returnAll: false, limit: '={{ $json.limit }}' },
			credentials,
			input: [{ json: { limit: 1 } }, { json: { limit: 3 } }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1]).toEqual({
			json: expect.objectContaining({ error: expect.any(String), code: 'validation_failed' }),
			pairedItem: { item: 1 },
		});
	});

	test('cancelling mid-request ends the run without waiting for the server', async () => {
		const stop = new AbortController();
		server.onRequest = () => stop.abort();

		const started = Date.now();
		const { error, run } = await runRoughyNode({
			parameters: { resource: 'credits', operation: 'balance' },
			credentials,
			signal: stop.signal,
		});

		expect(Date.now() - started).toBeLessThan(5000);
		expect(run.status).toBe('canceled');
		expect(error?.message).toMatch(/cancel/i);
	});

	test('cancelAfterMs stops a run that is still waiting on the server', async () => {
		const { run } = await runRoughyNode({
			parameters: { resource: 'credits', operation: 'balance' },
			credentials,
			cancelAfterMs: 200,
		});

		expect(run.status).toBe('canceled');
		expect(server.requests).toHaveLength(1);
	});
});

describe('logs', () => {
	test("capture n8n-core's and the node's lines, without the API key", async () => {
		const { logs } = await runRoughyNode({ parameters: { resource: 'user', operation: 'get' }, credentials });

		expect(logs.map((log) => log.message)).toContain('Workflow execution started');
		expect(logs.filter((log) => log.line.includes(API_KEY))).toEqual([]);
	});
});

/** Reads a file the way an upload operation must: by id, as a stream, never as one buffer. */
class StreamProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stream probe',
		name: 'streamProbe',
		group: ['transform'],
		version: 1,
		description: 'Hashes each item’s binary file from a stream',
		defaults: { name: 'Stream probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		for (const [itemIndex] of this.getInputData().entries()) {
			const binary = this.helpers.assertBinaryData(itemIndex, 'data');
			const hash = createHash('sha256');
			let bytes = 0;
			if (binary.id) {
				for await (const chunk of await this.helpers.getBinaryStream(binary.id, 1024)) {
					hash.update(chunk as Buffer);
					bytes += (chunk as Buffer).length;
				}
			}
			output.push({ json: { streamed: Boolean(binary.id), bytes, sha256: hash.digest('hex') }, pairedItem: { item: itemIndex } });
		}
		return [output];
	}
}

describe('binary input', () => {
	const probeType = 'harness.streamProbe';
	const trigger = manualTriggerNode();
	const probe = { id: 'probe', name: 'Stream probe', type: probeType, typeVersion: 1, position: [220, 0] as [number, number], parameters: {} };
	const connections = {
		[trigger.name]: { [NodeConnectionTypes.Main]: [[{ node: probe.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, index) => index % 251));
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	let dir: string;
	let filePath: string;

	beforeAll(() => {
		registerNodeType(probeType, new StreamProbe());
		dir = mkdtempSync(path.join(tmpdir(), 'harness-binary-'));
		filePath = path.join(dir, 'take-1.mp4');
		writeFileSync(filePath, bytes);
	});

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	test('in filesystem mode, carries an id and streams from n8n’s store', async () => {
		const { outputs, error } = await runWorkflow({
			nodes: [trigger, probe],
			connections,
			binaryMode: 'filesystem',
			pinData: { [trigger.name]: [{ json: {}, binary: { data: binaryFromFile(filePath) } }] },
		});

		expect(error).toBeUndefined();
		const [stored] = outputs[trigger.name][0];
		expect(stored.binary?.data).toMatchObject({
			id: expect.stringMatching(/^filesystem-v2:/),
			fileName: 'take-1.mp4',
			mimeType: 'video/mp4',
			bytes: bytes.length,
		});
		expect(outputs[probe.name][0][0].json).toEqual({ streamed: true, bytes: bytes.length, sha256 });
		expect((await readBinary(stored)).equals(bytes)).toBe(true);
	});

	test('with linkAfterStoring, n8n’s store holds the very file (benchmarks), with n8n’s metadata intact', async () => {
		const { outputs, error } = await runWorkflow({
			nodes: [trigger, probe],
			connections,
			binaryMode: 'filesystem',
			pinData: { [trigger.name]: [{ json: {}, binary: { data: binaryFromFile(filePath, undefined, undefined, { linkAfterStoring: true }) } }] },
		});

		expect(error).toBeUndefined();
		const [stored] = outputs[trigger.name][0];
		const { binaryData } = await getHarnessServices();
		expect(statSync(binaryData.getPath(String(stored.binary?.data.id))).ino).toBe(statSync(filePath).ino);
		expect(stored.binary?.data).toMatchObject({ bytes: bytes.length });
		expect(outputs[probe.name][0][0].json).toEqual({ streamed: true, bytes: bytes.length, sha256 });
	});

	test('in inline mode, keeps the bytes in the item', async () => {
		const { outputs } = await runWorkflow({
			nodes: [trigger, probe],
			connections,
			binaryMode: 'inline',
			pinData: { [trigger.name]: [{ json: {}, binary: { data: binaryFromBuffer(bytes, 'take-1.wav', 'audio/wav') } }] },
		});

		const [stored] = outputs[trigger.name][0];
		expect(stored.binary?.data.id).toBeUndefined();
		expect(outputs[probe.name][0][0].json).toMatchObject({ streamed: false });
		expect((await readBinary(stored)).equals(bytes)).toBe(true);
	});
});
