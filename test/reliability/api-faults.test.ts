/**
 * Fault catalogue, everything but the upload: cuts, renders, reads and
 * signed downloads under 5xx bursts, 429 storms, lost answers, dropped
 * connections and a server restart. A create that Roughy documents as
 * idempotent (cuts, renders) may be repeated, and must then hand back the
 * same entity; a read is repeated freely; nothing is ever created twice.
 *
 * Already specified elsewhere, so not repeated here:
 * - an expired download link is refreshed once and the bytes are identical:
 *   test/nodes/Roughy/asset/download.test.ts ("Download with an expired link")
 *   and test/nodes/Roughy/render/download.test.ts ("Download with short-lived links");
 * - repeating an identical cut or render request returns the existing one:
 *   cut.test.ts / render.test.ts ("the same … again returns the existing …");
 * - when and how often the transport repeats: test/nodes/shared/transport/retry-policy.test.ts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startEmulator, type FaultRule, type RunningEmulator } from '../../emulator';
import { fakeMp4 } from '../fixtures/media';
import { readBinary, runRoughyNode, type TestItem } from '../harness';
import { accountOf, CUT_CREATES, nothingTwice, RENDER_CREATES, requestsTo } from './invariants';

let emu: RunningEmulator;

beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => await emu.close());
beforeEach(() => emu.control.reset());

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

async function run(parameters: INodeParameters, input?: TestItem[]) {
	const result = await runRoughyNode({ parameters, credentials: { baseUrl: emu.url, apiKey: emu.apiKey }, input });
	await emu.control.idle();
	return result;
}

/** Runs `action` once the nth request matching method and path has been answered (or dropped). */
function afterRequest(method: string, path: RegExp, nth: number, action: () => unknown) {
	let done = false;
	const timer = setInterval(() => {
		const seen = requestsTo(emu, method, path).filter((request) => request.durationMs > 0 || request.status !== null);
		if (done || seen.length < nth) return;
		done = true;
		clearInterval(timer);
		void action();
	}, 2);
	return () => clearInterval(timer);
}

describe('creating a cut', () => {
	const cases: Array<[string, FaultRule]> = [
		['503 burst: two answers in a row', { method: 'POST', path: '/v1/cuts', times: 2, status: 503 }],
		['answer lost (502) after Roughy created the cut', { method: 'POST', path: '/v1/cuts', when: 'after', status: 502 }],
		['connection dropped after Roughy created the cut', { method: 'POST', path: '/v1/cuts', when: 'after', reset: true }],
		['429 storm: three answers with Retry-After: 1', { method: 'POST', path: '/v1/cuts', times: 3, status: 429, retryAfter: 1 }],
	];

	it.each(cases)('%s: the cut exists once and the node returns it', async (_name, fault) => {
		const asset = emu.control.seedAsset();
		emu.faults.add(fault);

		const { items, error } = await run({ resource: 'cut', operation: 'create', assetId: byId(asset.id), script: 'Three ways to…' });

		expect(error).toBeUndefined();
		const { cuts } = emu.control.snapshot();
		expect(items.map((item) => item.json.id)).toEqual(cuts.map((cut) => cut.id));
		expect(requestsTo(emu, 'POST', CUT_CREATES).length).toBeGreaterThan(1);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, cuts: 1 }));
	});
});

describe('creating a render', () => {
	const cases: Array<[string, FaultRule]> = [
		['answer lost (500) after Roughy started the render', { method: 'POST', path: '/v1/renders', when: 'after', status: 500 }],
		['connection dropped after Roughy started the render', { method: 'POST', path: '/v1/renders', when: 'after', reset: true }],
		['502 burst: two answers in a row', { method: 'POST', path: '/v1/renders', times: 2, status: 502 }],
	];

	it.each(cases)('%s: the render exists once and the node returns it', async (_name, fault) => {
		const asset = emu.control.seedAsset({ format: 'mp4' });
		emu.faults.add(fault);

		const { items, error } = await run({ resource: 'render', operation: 'create', assetId: byId(asset.id), outputFormat: 'mp4' });

		expect(error).toBeUndefined();
		const { renders } = emu.control.snapshot();
		expect(items.map((item) => item.json.id)).toEqual(renders.map((render) => render.id));
		expect(requestsTo(emu, 'POST', RENDER_CREATES).length).toBeGreaterThan(1);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, renders: 1 }));
	});
});

describe('reading', () => {
	it('a 429 storm on Asset Get is waited out and every item is answered', async () => {
		const assets = [emu.control.seedAsset(), emu.control.seedAsset()];
		emu.faults.add({ method: 'GET', path: '/v1/assets/*', nth: 2, times: 3, status: 429, retryAfter: 1 });

		const { items, error } = await run(
			{ resource: 'asset', operation: 'get', assetId: byId('={{ $json.id }}') },
			assets.map((asset) => ({ json: { id: asset.id } })),
		);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(assets.map((asset) => asset.id));
	});

	it('the server restarting between two items (gone, then back on the same port) loses no item', async () => {
		const assets = [emu.control.seedAsset(), emu.control.seedAsset(), emu.control.seedAsset()];
		const stopWatching = afterRequest('GET', /^\/v1\/assets\//, 1, () => emu.restart({ downMs: 1500 }));

		const { items, error } = await run(
			{ resource: 'asset', operation: 'get', assetId: byId('={{ $json.id }}') },
			assets.map((asset) => ({ json: { id: asset.id } })),
		).finally(stopWatching);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(assets.map((asset) => asset.id));
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 3 }));
	});

	it('the server restarting while the node waits for a cut: the wait carries on and returns the completed cut', async () => {
		const asset = emu.control.seedAsset();
		const stopWatching = afterRequest('POST', CUT_CREATES, 1, () => emu.restart({ downMs: 1500 }));

		const { items, error } = await run({
			resource: 'cut',
			operation: 'create',
			assetId: byId(asset.id),
			waitForCompletion: true,
			waitOptions: { checkEverySeconds: 1 },
		}).finally(stopWatching);

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ asset_id: asset.id, state: 'completed' });
		expect(requestsTo(emu, 'POST', CUT_CREATES)).toHaveLength(1);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, cuts: 1 }));
	});
});

describe('downloading from a signed link', () => {
	it('a 503 burst on Cut → Export is retried and the file is the same as without faults', async () => {
		const asset = emu.control.seedAsset({ format: 'mp4' });
		const cut = emu.control.seedCut({ asset_id: asset.id, script: 'Hello' });
		const parameters = { resource: 'cut', operation: 'export', cutId: byId(cut.id), timelineFormat: 'fcpxml' };
		const clean = await readBinary((await run(parameters)).items[0]);
		emu.faults.add({ method: 'GET', path: '/v1/cuts/*/export', times: 2, status: 503 });

		const { items, error } = await run(parameters);

		expect(error).toBeUndefined();
		expect((await readBinary(items[0])).equals(clean)).toBe(true);
	});

	it('a link refused twice (expired, and the fresh one too) ends in an error that says so and what to do', async () => {
		const asset = emu.control.seedAsset({ bytes: fakeMp4(64 * 1024) });
		emu.faults.add({ method: 'GET', path: '/assets/**', times: 2, status: 403, code: 'forbidden' });

		const { error } = await run({ resource: 'asset', operation: 'download', assetId: byId(asset.id) });

		expect(error?.message).toBe(`Could not download the asset ${asset.id}: the storage server answered HTTP 403`);
		expect(error?.description).toMatch(/link had expired and a fresh one failed too\. Run the node again/);
		expect(requestsTo(emu, 'GET', /^\/v1\/assets\//)).toHaveLength(2);
	});

	it('the storage host dropping the connection once: the link is tried again and the bytes are identical', async () => {
		const bytes = fakeMp4(64 * 1024);
		const asset = emu.control.seedAsset({ bytes });
		emu.faults.add({ method: 'GET', path: '/assets/**', reset: true });

		const { items, error } = await run({ resource: 'asset', operation: 'download', assetId: byId(asset.id) });

		expect(error).toBeUndefined();
		expect((await readBinary(items[0])).equals(bytes)).toBe(true);
	});

	it('the storage host dropping the connection twice: an error that names the asset and says a rerun is safe', async () => {
		const asset = emu.control.seedAsset({ bytes: fakeMp4(64 * 1024) });
		emu.faults.add({ method: 'GET', path: '/assets/**', times: 2, reset: true });

		const { error } = await run({ resource: 'asset', operation: 'download', assetId: byId(asset.id) });

		expect(error?.message).toBe(`Could not download the asset ${asset.id}: the connection to the storage server failed twice`);
		expect(error?.description).toMatch(/Nothing was changed in Roughy, so running the node again is safe/);
	});
});
