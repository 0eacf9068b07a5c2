/**
 * Secrets: a day in the life of the package — every resource, uploads
 * interrupted and resumed, waits, downloads, failures of every kind, a
 * trigger activated, delivered to (signed, forged, and with Roughy
 * unreadable) and deactivated — and then a search of everything n8n would
 * show or store: each output item (and exported text file), each error
 * (message, description, context, cause, stack), n8n's run data as it is
 * saved with the execution, each webhook answer, and every captured log
 * line. Neither the API key (right or wrong) nor a signing secret appears.
 */
import { inspect } from 'node:util';
import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import { fakeMp4 } from '../fixtures/media';
import { binaryFromBuffer, readBinary, runRoughyNode, runWebhookLifecycle, type CapturedLog, type TestItem } from '../harness';
import { startWebhookReceiver, type WebhookReceiver } from '../nodes/RoughyTrigger/n8n-receiver';
import { triggerNode } from '../nodes/RoughyTrigger/trigger-fixtures';

const API_KEY = `sk_live_${randomUUID().replace(/-/g, '')}`;
const WRONG_KEY = `sk_live_${randomUUID().replace(/-/g, '')}`;
const MIB = 1024 * 1024;

let emu: RunningEmulator;
let receiver: WebhookReceiver;
let staticData: IDataObject = {};
/** The key n8n holds for the trigger's credential when a delivery arrives. */
let triggerKey = API_KEY;
const trigger = triggerNode({ events: ['asset.ready', 'cut.completed'], options: { includeFullResource: true } });

/** Everything a user, an admin or n8n's database could see, as text. */
const seen: string[] = [];
const logs: CapturedLog[] = [];

function record(value: unknown) {
	seen.push(inspect(value, { depth: 20, showHidden: true, maxArrayLength: null, maxStringLength: null, breakLength: Infinity }));
}

async function recordItems(items: INodeExecutionData[]) {
	record(items);
	for (const item of items) {
		for (const [property, binary] of Object.entries(item.binary ?? {})) {
			if (/^(text|application\/(xml|json))|subrip|vtt/.test(binary.mimeType)) record((await readBinary(item, property)).toString('utf8'));
		}
	}
}

interface Step {
	parameters: INodeParameters;
	input?: TestItem[];
	apiKey?: string;
	baseUrl?: string;
	continueOnFail?: boolean;
	cancelAfterMs?: number;
}

async function step({ parameters, input, apiKey, baseUrl, continueOnFail, cancelAfterMs }: Step) {
	const result = await runRoughyNode({
		parameters,
		credentials: { baseUrl: baseUrl ?? emu.url, apiKey: apiKey ?? API_KEY },
		input,
		continueOnFail,
		cancelAfterMs,
	});
	await recordItems(result.items);
	record(result.error);
	record(result.run.runData);
	logs.push(...result.logs);
	return result;
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const wait = { waitForCompletion: true, waitOptions: { checkEverySeconds: 1 } };
const mp4 = (size: number): TestItem[] => [{ json: {}, binary: { data: binaryFromBuffer(fakeMp4(size), 'take-1.mp4', 'video/mp4') } }];

async function lifecycle(apiKey = API_KEY) {
	const hooks = await runWebhookLifecycle({
		node: trigger,
		credentials: { baseUrl: emu.url, apiKey },
		webhookBaseUrl: receiver.url,
		staticData,
	});
	return {
		hooks,
		/** Runs a hook, keeping what it threw and logged. */
		call: async (name: 'checkExists' | 'create' | 'delete') => {
			try {
				return await hooks[name]();
			} catch (error) {
				record(error);
				return undefined;
			} finally {
				logs.push(...hooks.logs);
			}
		},
	};
}

beforeAll(async () => {
	emu = await startEmulator({ apiKey: API_KEY });
	receiver = await startWebhookReceiver(() => ({ node: trigger, staticData, credentials: { baseUrl: emu.url, apiKey: triggerKey } }));
});
afterAll(async () => {
	await receiver.close();
	await emu.close();
});

it('no API key or signing secret in any output, error, run data, webhook answer or log line', async () => {
	// The trigger goes live first, so the work below produces events.
	const live = await lifecycle();
	if (!(await live.call('checkExists'))) await live.call('create');
	const registration = staticData.productionEndpoint as { endpointId: string; secret: string };
	expect(registration.secret).toMatch(/^whsec_/);

	// Work that succeeds, some of it through faults.
	const project = await step({ parameters: { resource: 'project', operation: 'create', name: 'Interviews' } });
	const projectId = project.items[0].json.id as string;
	emu.faults.add({ method: 'PATCH', path: '/v1/uploads/*', nth: 2, resetAfterBytes: 100 * 1024 });
	emu.faults.add({ method: 'PATCH', path: '/v1/uploads/*', nth: 4, status: 429, retryAfter: 1 });
	const asset = await step({
		parameters: { resource: 'asset', operation: 'create', projectId: byId(projectId), binaryPropertyName: 'data', options: { chunkSizeMiB: 1 }, ...wait },
		input: mp4(3 * MIB + 5),
	});
	const assetId = asset.items[0].json.id as string;
	expect(asset.items[0].json.state).toBe('ready');
	emu.faults.add({ method: 'POST', path: '/v1/cuts', when: 'after', status: 502 });
	const cut = await step({ parameters: { resource: 'cut', operation: 'create', assetId: byId(assetId), script: 'Hello', ...wait } });
	const cutId = cut.items[0].json.id as string;
	await step({ parameters: { resource: 'cut', operation: 'export', cutId: byId(cutId), timelineFormat: 'premiere' } });
	await step({ parameters: { resource: 'cut', operation: 'exportSubtitles', cutId: byId(cutId), subtitleFormat: 'vtt' } });
	const render = await step({ parameters: { resource: 'render', operation: 'create', assetId: byId(assetId), cutId: byId(cutId), outputFormat: 'mp4', ...wait } });
	await step({ parameters: { resource: 'render', operation: 'download', renderId: byId(render.items[0].json.id as string) } });
	emu.faults.add({ method: 'GET', path: '/assets/**', status: 403 });
	await step({ parameters: { resource: 'asset', operation: 'download', assetId: byId(assetId) } });
	await step({ parameters: { resource: 'credits', operation: 'history', returnAll: true } });
	await step({ parameters: { resource: 'user', operation: 'get' } });

	// Work that fails, in every way the transport knows.
	await step({ parameters: { resource: 'asset', operation: 'get', assetId: byId(assetId) }, apiKey: WRONG_KEY });
	await step({ parameters: { resource: 'asset', operation: 'get', assetId: byId(randomUUID()) }, continueOnFail: true });
	emu.faults.add({ method: 'POST', path: '/v1/projects', htmlError: true });
	await step({ parameters: { resource: 'project', operation: 'create', name: 'Behind a proxy' } });
	emu.faults.add({ method: 'POST', path: '/v1/projects', hugeBody: 256 * 1024, status: 500 });
	await step({ parameters: { resource: 'project', operation: 'create', name: 'Huge error' } });
	await step({ parameters: { resource: 'project', operation: 'create', name: 'Nobody home' }, baseUrl: 'http://127.0.0.1:9' });
	await step({ parameters: { resource: 'user', operation: 'get' }, baseUrl: `${emu.url}/v1` });
	emu.faults.add({ method: 'PATCH', path: '/v1/uploads/*', nth: 2, status: 403, code: 'forbidden' });
	await step({
		parameters: { resource: 'asset', operation: 'create', projectId: byId(projectId), binaryPropertyName: 'data', options: { chunkSizeMiB: 1 } },
		input: mp4(2 * MIB),
	});
	emu.faults.clear();
	await step({
		parameters: { resource: 'asset', operation: 'create', projectId: byId(projectId), binaryPropertyName: 'data' },
		input: [{ json: {}, binary: { data: binaryFromBuffer(Buffer.from(`${'%PDF-1.4 '.repeat(500)}`), 'notes.pdf', 'application/pdf') } }],
		continueOnFail: true,
	});
	emu.faults.add({ method: 'PATCH', path: '/v1/uploads/*', nth: 2, delay: 3000 });
	await step({
		parameters: { resource: 'asset', operation: 'create', projectId: byId(projectId), binaryPropertyName: 'data', options: { chunkSizeMiB: 1 } },
		input: mp4(3 * MIB),
		cancelAfterMs: 1500,
	});
	emu.faults.clear();

	// Deliveries: the ones Roughy sent for the work above, a forged one, and one while Roughy cannot be read.
	await emu.control.idle();
	await emu.control.sendWebhook({ endpointId: registration.endpointId, signature: 'v1,forged' });
	const event = { endpointId: registration.endpointId, type: 'asset.ready' as const, data: { entity_id: assetId, asset_id: assetId } };
	triggerKey = WRONG_KEY;
	await emu.control.sendWebhook(event);
	triggerKey = API_KEY;
	emu.control.rotateWebhookSecret(registration.endpointId);
	await emu.control.sendWebhook(event);
	for (const delivery of receiver.deliveries) {
		record({ status: delivery.status, body: delivery.responseBody, data: delivery.workflowData, response: delivery.webhookResponse });
		logs.push(...delivery.logs);
	}
	expect(receiver.deliveries.map((delivery) => delivery.status)).toEqual(expect.arrayContaining([200, 401, 503]));
	expect(receiver.deliveries.some((delivery) => delivery.workflowData !== undefined)).toBe(true);

	// Activation with a wrong key fails; deactivation removes the endpoint.
	await (await lifecycle(WRONG_KEY)).call('create');
	await (await lifecycle()).call('delete');

	const secrets = [API_KEY, WRONG_KEY, registration.secret, registration.secret.slice('whsec_'.length)];
	const everything = [...seen, ...logs.map((log) => log.line)];
	// The search covers real content: ids, Roughy's words, the uploader's and the trigger's log lines.
	expect(everything.filter((text) => text.includes(assetId)).length).toBeGreaterThan(10);
	expect(logs.some((log) => /upload to asset .* interrupted/.test(log.message))).toBe(true);
	expect(logs.length).toBeGreaterThan(50);
	expect(seen.length).toBeGreaterThan(50);
	for (const secret of secrets) {
		const leaks = everything.filter((text) => text.includes(secret));
		expect({ secret: `${secret.slice(0, 10)}…`, leaks }).toEqual({ secret: `${secret.slice(0, 10)}…`, leaks: [] });
	}
	expect(everything.filter((text) => /Bearer\s+sk_/i.test(text))).toEqual([]);
});
