/**
 * Fault catalogue, Asset → Create: every network and server failure the
 * emulator can inject, on the asset creation and on the TUS upload. Each
 * case either stores the file byte for byte or fails with an error that
 * says what happened and what to do; in every case Roughy ends up with at
 * most one asset for the run and charges it at most once.
 *
 * The offset-precise details (which bytes are sent again after a drop) are
 * specified in test/nodes/Roughy/asset/create/resilience.test.ts; here each
 * fault is checked against the account: POSTs sent, assets held, ledger.
 */
import { startEmulator, type FaultRule, type RunningEmulator } from '../../emulator';
import { fakeMp4, sha256 } from '../fixtures/media';
import { binaryFromBuffer, runRoughyNode } from '../harness';
import { accountOf, ASSET_CREATES, nothingTwice, requestsTo, UPLOADS } from './invariants';

const MIB = 1024 * 1024;
/** Five 1 MiB chunks, the last one short; about 4 s of video, so 1 credit. */
const SIZE = 4 * MIB + 333;
const PATCHES = { method: 'PATCH', path: '/v1/uploads/*' } as const;

let emu: RunningEmulator;
let projectId: string;
const bytes = fakeMp4(SIZE);

beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => await emu.close());
beforeEach(() => {
	emu.control.reset();
	projectId = emu.control.createProject().id;
});

async function upload(options: { resumeAssetId?: string } = {}) {
	const result = await runRoughyNode({
		parameters: {
			resource: 'asset',
			operation: 'create',
			projectId: { __rl: true, mode: 'id', value: projectId },
			binaryPropertyName: 'data',
			options: { chunkSizeMiB: 1, ...options },
		},
		credentials: { baseUrl: emu.url, apiKey: emu.apiKey },
		input: [{ json: { take: 1 }, binary: { data: binaryFromBuffer(bytes, 'take-1.mp4', 'video/mp4') } }],
	});
	// Let processing finish, so a ready asset has been charged before the ledger is read.
	await emu.control.idle();
	return result;
}

function storedAsset() {
	const [asset] = emu.control.snapshot().assets;
	return { ...asset, sha256: emu.storedUpload(asset.id).sha256 };
}

/** Watches the request log and runs `action` once the nth matching request has arrived. */
function onRequest(method: string, path: RegExp, nth: number, action: () => unknown) {
	let done = false;
	const timer = setInterval(() => {
		if (done || requestsTo(emu, method, path).length < nth) return;
		done = true;
		clearInterval(timer);
		void action();
	}, 2);
	return () => clearInterval(timer);
}

describe('faults the upload survives: the file arrives byte for byte, one asset, one charge', () => {
	const cases: Array<[string, FaultRule[]]> = [
		['connection reset mid-PATCH, after 300 KiB of chunk 3 arrived', [{ ...PATCHES, nth: 3, resetAfterBytes: 300 * 1024 }]],
		['connection reset before a PATCH is read', [{ ...PATCHES, nth: 2, reset: true }]],
		['PATCH answer lost after the chunk was stored', [{ ...PATCHES, nth: 2, when: 'after', reset: true }]],
		['500 burst: two PATCHes in a row', [{ ...PATCHES, nth: 2, times: 2, status: 500 }]],
		['502 burst: two PATCHes in a row', [{ ...PATCHES, nth: 4, times: 2, status: 502 }]],
		['503 burst with Retry-After: 1', [{ ...PATCHES, nth: 3, times: 2, status: 503, retryAfter: 1 }]],
		['429 storm: six PATCHes in a row with Retry-After: 1', [{ ...PATCHES, nth: 2, times: 6, status: 429, retryAfter: 1 }]],
		['409 stale Upload-Offset, nothing stored', [{ ...PATCHES, nth: 3, status: 409, code: 'conflict' }]],
		['409 after the chunk was stored (the server is ahead)', [{ ...PATCHES, nth: 3, when: 'after', status: 409, code: 'conflict' }]],
		['503 on the HEAD that reads the offset', [{ method: 'HEAD', path: '/v1/uploads/*', status: 503 }]],
		['asset creation answered 429 twice', [{ method: 'POST', path: '/v1/assets', times: 2, status: 429, retryAfter: 1 }]],
	];

	it.each(cases)('%s', async (_name, faults) => {
		for (const fault of faults) emu.faults.add(fault);

		const { items, error } = await upload();

		expect(error).toBeUndefined();
		expect(storedAsset()).toMatchObject({ id: items[0].json.id, state: 'ready', sha256: sha256(bytes) });
		expect(requestsTo(emu, 'POST', ASSET_CREATES).filter((request) => request.status !== 429)).toHaveLength(1);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, charged: 1 }));
	});

	it("a slow PATCH answer (2 s), inside the uploader's idle timeout, is waited for, not retried", async () => {
		emu.faults.add({ ...PATCHES, nth: 2, delay: 2000 });

		const { items, error } = await upload();

		expect(error).toBeUndefined();
		expect(storedAsset().sha256).toBe(sha256(bytes));
		expect(items[0].json.upload).toMatchObject({ retries: 0, bytes_sent: SIZE });
		expect(requestsTo(emu, 'PATCH', UPLOADS)).toHaveLength(5);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, charged: 1 }));
	});

	it('the server going away mid-upload and coming back on the same port (restart)', async () => {
		const stopWatching = onRequest('PATCH', UPLOADS, 3, () => emu.restart({ downMs: 1500 }));

		const { items, error } = await upload().finally(stopWatching);

		expect(error).toBeUndefined();
		expect(storedAsset()).toMatchObject({ id: items[0].json.id, state: 'ready', sha256: sha256(bytes) });
		// Requests were refused while it was down; the upload carried on from the server's offset.
		expect((items[0].json.upload as { retries: number }).retries).toBeGreaterThanOrEqual(1);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, charged: 1 }));
	});
});

describe('faults the upload cannot survive: a clear error, nothing created twice, nothing charged', () => {
	it('asset creation answered 503: fails at once (a create is never repeated) and nothing exists', async () => {
		emu.faults.add({ method: 'POST', path: '/v1/assets', status: 503 });

		const { error } = await upload();

		expect(error?.message).toBe(`A service Roughy depends on is unavailable (project ${projectId})`);
		expect(error?.description).toMatch(/try again in a few minutes/);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
		expect(accountOf(emu)).toEqual(nothingTwice({}));
	});

	it('asset creation dropped before Roughy read it: a connection error naming the project, nothing exists', async () => {
		emu.faults.add({ method: 'POST', path: '/v1/assets', reset: true });

		const { error } = await upload();

		expect(error?.message).toMatch(new RegExp(`^Could not reach Roughy \\(project ${projectId}\\)`));
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
		expect(accountOf(emu)).toEqual(nothingTwice({}));
	});

	it('asset creation answer lost after Roughy created it: not repeated, so one uncharged pending asset at most', async () => {
		emu.faults.add({ method: 'POST', path: '/v1/assets', when: 'after', status: 502 });

		const { error } = await upload();

		expect(error?.message).toBe(`A service Roughy depends on answered badly (project ${projectId})`);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
		const [asset] = emu.control.snapshot().assets;
		expect(asset.state).toBe('pending_upload');
		expect(error?.description).toContain(`Asset ${asset.id} (created `);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, charged: 0 }));
	});

	it('upload URL expired mid-upload: says the upload is gone and to run again without resuming; the asset is removed', async () => {
		// Roughy expires pending uploads after 24 h; the emulator's clock jumps past that while chunk 3 is on its way.
		emu.faults.add({ ...PATCHES, nth: 3, delay: 200 });
		const stopWatching = onRequest('PATCH', UPLOADS, 3, () => emu.control.advanceClock(25 * 3600 * 1000));

		const { error } = await upload().finally(stopWatching);

		expect(error?.message).toMatch(/^Upload to asset [0-9a-f-]{36} stopped at 49%: That resource no longer exists in Roughy/);
		expect(error?.description).toMatch(/The upload no longer exists in Roughy .* Run the node again without "Resume Asset ID"/s);
		expect(error?.description).not.toMatch(/Resume Asset ID set to/);
		expect(requestsTo(emu, 'PATCH', UPLOADS).filter((request) => request.status === 410)).toHaveLength(1);
		expect(accountOf(emu)).toEqual(nothingTwice({}));
	});

	it('resuming an asset whose upload expired: names the asset and says it is not found, before any byte is sent', async () => {
		const stale = emu.control.seedAsset({ project_id: projectId, state: 'pending_upload' });
		emu.control.advanceClock(25 * 3600 * 1000);

		const { error } = await upload({ resumeAssetId: stale.id });

		expect(error?.message).toBe(`Roughy could not find that resource (asset ${stale.id})`);
		expect(requestsTo(emu, 'PATCH', UPLOADS)).toHaveLength(0);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(0);
		expect(accountOf(emu)).toEqual(nothingTwice({}));
	});
});
