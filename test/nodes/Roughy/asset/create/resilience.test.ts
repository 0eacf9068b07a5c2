import { randomBytes } from 'node:crypto';

import { startEmulator, type RunningEmulator } from '../../../../../emulator';
import { fakeMp4, sha256 } from '../../../../fixtures/media';
import type { BinaryMode } from '../../../../harness';
import { ASSET_CREATES, MIB, mp4File, outputOf, requestsTo, runCreate, UPLOADS } from './run-create';

const UPLOAD_PATH = '/v1/uploads/*';
const SIZE = 10 * MIB + 333;

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => await emu.close());
beforeEach(() => emu.control.reset());

function patchOffsets() {
	return requestsTo(emu, 'PATCH', UPLOADS).map((request) => Number(request.headers['upload-offset']));
}

describe.each<BinaryMode>(['filesystem', 'inline'])('in %s binary mode', (binaryMode) => {
	it.each([
		['~30%', 4, 150_000],
		['~90%', 10, 700_000],
	])('finishes byte for byte after the connection drops at %s, sending only what the server lacks', async (_at, nth, kept) => {
		const projectId = emu.control.createProject().id;
		const bytes = fakeMp4(SIZE);
		emu.faults.add({ method: 'PATCH', path: UPLOAD_PATH, nth, resetAfterBytes: kept });

		const { items, error } = await runCreate({ emu, projectId, file: mp4File(bytes), binaryMode });

		expect(error).toBeUndefined();
		expect(emu.storedUpload(outputOf(items).id).sha256).toBe(sha256(bytes));
		const droppedAt = (nth - 1) * MIB;
		// The next PATCH starts where the server's bytes end, not at the start of the chunk.
		expect(patchOffsets()).toContain(droppedAt + kept);
		expect(patchOffsets().filter((offset) => offset === droppedAt)).toHaveLength(1);
		expect(outputOf(items).upload).toMatchObject({ bytes_sent: SIZE, retries: 1 });
	});
});

it('retries a chunk that got a 503 and stores the file byte for byte', async () => {
	const projectId = emu.control.createProject().id;
	const bytes = fakeMp4(SIZE);
	emu.faults.add({ method: 'PATCH', path: UPLOAD_PATH, nth: 3, status: 503 });

	const { items, error } = await runCreate({ emu, projectId, file: mp4File(bytes) });

	expect(error).toBeUndefined();
	expect(emu.storedUpload(outputOf(items).id).sha256).toBe(sha256(bytes));
	expect(patchOffsets().filter((offset) => offset === 2 * MIB)).toHaveLength(2);
	expect(outputOf(items).upload.retries).toBe(1);
});

it('does not send a chunk again when only its answer was lost', async () => {
	const projectId = emu.control.createProject().id;
	const bytes = fakeMp4(SIZE);
	// The emulator stores the third chunk, then answers 502 instead of 204.
	emu.faults.add({ method: 'PATCH', path: UPLOAD_PATH, nth: 3, status: 502, when: 'after' });

	const { items, error } = await runCreate({ emu, projectId, file: mp4File(bytes) });

	expect(error).toBeUndefined();
	expect(emu.storedUpload(outputOf(items).id).sha256).toBe(sha256(bytes));
	expect(patchOffsets().filter((offset) => offset === 2 * MIB)).toHaveLength(1);
	// The offset after the lost answer, and the final confirmation.
	expect(requestsTo(emu, 'HEAD', UPLOADS)).toHaveLength(3);
});

it('re-reads the file from n8n when the server has less than the chunk in memory', async () => {
	const projectId = emu.control.createProject().id;
	const bytes = fakeMp4(SIZE);
	// The server loses its answer to the 4th chunk and the client resumes; meanwhile the stream has moved on.
	emu.faults.add({ method: 'PATCH', path: UPLOAD_PATH, nth: 4, reset: true });

	const { items, error } = await runCreate({ emu, projectId, file: mp4File(bytes), binaryMode: 'filesystem' });

	expect(error).toBeUndefined();
	expect(emu.storedUpload(outputOf(items).id).sha256).toBe(sha256(bytes));
	expect(patchOffsets().filter((offset) => offset === 3 * MIB)).toHaveLength(2);
});

describe('a file Roughy does not accept as media', () => {
	/** A WMV (ASF) header: the node's check takes it for media, the emulator's sniffer does not. */
	function wmv(size: number): Buffer {
		const asf = Buffer.from('3026b2758e66cf11a6d900aa0062ce6c', 'hex');
		return Buffer.concat([asf, randomBytes(size - asf.length)]);
	}

	it('fails with "unsupported media" after the first chunk and leaves no asset behind', async () => {
		const projectId = emu.control.createProject().id;

		const { error, items } = await runCreate({ emu, projectId, file: mp4File(wmv(3 * MIB), 'clip.wmv', 'video/x-ms-wmv') });

		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/did not accept the file in "data" \(clip\.wmv\) as audio or video: unsupported media/);
		expect(error?.description).toMatch(/was removed; nothing was charged/);
		expect(error?.context?.itemIndex).toBe(0);
		expect(requestsTo(emu, 'PATCH', UPLOADS)).toHaveLength(1);
		expect(emu.control.snapshot().assets).toEqual([]);
		expect(emu.control.snapshot().ledger.filter((entry) => entry.type === 'consume_asset')).toEqual([]);
	});

	it('gives an error item, not a pending asset, when the node continues on fail', async () => {
		const projectId = emu.control.createProject().id;

		const { items } = await runCreate({
			emu,
			projectId,
			file: mp4File(wmv(2 * MIB), 'clip.wmv', 'video/x-ms-wmv'),
			continueOnFail: true,
		});

		expect(items[0].json.error).toMatch(/unsupported media/);
		expect(emu.control.snapshot().assets).toEqual([]);
	});
});

describe('resuming across executions', () => {
	it('fails with the asset id and how to resume, then the next run sends only the missing bytes', async () => {
		const projectId = emu.control.createProject().id;
		const bytes = fakeMp4(SIZE);
		// From the 5th chunk on, every PATCH fails: the first run gives up after its retries.
		emu.faults.add({ method: 'PATCH', path: UPLOAD_PATH, nth: 5, times: 'always', status: 500 });

		const first = await runCreate({ emu, projectId, file: mp4File(bytes) });

		const [asset] = emu.control.snapshot().assets;
		expect(asset.state).toBe('pending_upload');
		expect(first.error?.message).toContain(`Upload to asset ${asset.id} stopped at 39%`);
		expect(first.error?.description).toContain(`Resume Asset ID set to ${asset.id}`);
		expect(emu.storedUpload(asset.id).bytesReceived).toBe(4 * MIB);

		emu.faults.clear();
		const second = await runCreate({ emu, projectId, file: mp4File(bytes), options: { resumeAssetId: asset.id } });

		expect(second.error).toBeUndefined();
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
		expect(emu.storedUpload(asset.id).sha256).toBe(sha256(bytes));
		expect(outputOf(second.items)).toMatchObject({
			id: asset.id,
			state: 'processing',
			upload: { resumed_from_offset: 4 * MIB, bytes_sent: SIZE - 4 * MIB, chunk_count: 7 },
		});
	});

	it('returns an asset whose upload already finished without sending anything', async () => {
		const projectId = emu.control.createProject().id;
		const bytes = fakeMp4(MIB + 1);
		const first = await runCreate({ emu, projectId, file: mp4File(bytes) });
		const patches = requestsTo(emu, 'PATCH', UPLOADS).length;

		const again = await runCreate({ emu, projectId, file: mp4File(bytes), options: { resumeAssetId: outputOf(first.items).id } });

		expect(again.error).toBeUndefined();
		expect(outputOf(again.items).id).toBe(outputOf(first.items).id);
		expect(outputOf(again.items).upload).toMatchObject({ bytes_sent: 0, resumed_from_offset: MIB + 1 });
		expect(requestsTo(emu, 'PATCH', UPLOADS)).toHaveLength(patches);
	});

	it('refuses to resume an asset with another file', async () => {
		const projectId = emu.control.createProject().id;
		const asset = emu.control.seedAsset({ project_id: projectId, state: 'pending_upload', size_bytes: 2 * MIB });

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(3 * MIB)), options: { resumeAssetId: asset.id } });

		expect(error?.message).toContain(`asset ${asset.id} expects ${2 * MIB} bytes, but the file in "data" has ${3 * MIB}`);
		expect(requestsTo(emu, 'PATCH', UPLOADS)).toEqual([]);
		expect(emu.storedUpload(asset.id).bytesReceived).toBe(0);
	});

	it('refuses to resume an asset of another project', async () => {
		const projectId = emu.control.createProject().id;
		const other = emu.control.seedAsset({ state: 'pending_upload' });

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(2000)), options: { resumeAssetId: other.id } });

		expect(error?.message).toBe(`Asset ${other.id} belongs to another project`);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(0);
	});
});

describe('cancelling the execution', () => {
	it('stops mid-upload and removes the half-uploaded asset from Roughy', async () => {
		const projectId = emu.control.createProject().id;
		// A slow third chunk, so the stop lands while the upload is under way.
		emu.faults.add({ method: 'PATCH', path: UPLOAD_PATH, nth: 3, delay: 3000 });
		const stop = new AbortController();
		const watcher = setInterval(() => {
			if (requestsTo(emu, 'PATCH', UPLOADS).length >= 3) stop.abort();
		}, 10);

		const result = await runCreate({ emu, projectId, file: mp4File(fakeMp4(SIZE)), signal: stop.signal }).finally(() =>
			clearInterval(watcher),
		);

		expect(result.run.status).toBe('canceled');
		expect(result.error?.description).toMatch(/upload was cancelled and asset .* removed from Roughy/);
		expect(requestsTo(emu, 'DELETE', UPLOADS)).toHaveLength(1);
		expect(requestsTo(emu, 'PATCH', UPLOADS).length).toBeLessThan(Math.ceil(SIZE / MIB));
		expect(emu.control.snapshot().assets).toEqual([]);
	});
});

describe('a lost answer to the asset create (never repeated: a second POST is a second asset)', () => {
	it('names the asset Roughy made anyway, and resuming it uploads the file without a second asset', async () => {
		const projectId = emu.control.createProject().id;
		const bytes = fakeMp4(2 * MIB + 5);
		// Another pending asset in the project expecting another size: not this request's.
		emu.control.seedAsset({ project_id: projectId, state: 'pending_upload', size_bytes: 999_999 });
		emu.faults.add({ method: 'POST', path: '/v1/assets', when: 'after', reset: true });

		const first = await runCreate({ emu, projectId, file: mp4File(bytes) });

		const created = emu.control.snapshot().uploads.filter((upload) => upload.length === bytes.length);
		expect(created).toHaveLength(1);
		const assetId = created[0].asset_id;
		expect(first.error?.message).toContain(`Could not reach Roughy (project ${projectId})`);
		expect(first.error?.description).toContain(`Roughy created the asset before the answer was lost. Asset ${assetId} (created `);
		expect(first.error?.description).toContain('set "Resume Asset ID" to that ID');
		expect(first.error?.description).not.toMatch(/Assets /);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);

		emu.faults.clear();
		const second = await runCreate({ emu, projectId, file: mp4File(bytes), options: { resumeAssetId: assetId } });

		expect(second.error).toBeUndefined();
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
		expect(emu.storedUpload(assetId).sha256).toBe(sha256(bytes));
	});

	it('keeps what Roughy said on a 5xx after the asset was made, and adds which asset it is', async () => {
		const projectId = emu.control.createProject().id;
		emu.faults.add({ method: 'POST', path: '/v1/assets', when: 'after', status: 502 });

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(MIB)) });

		const [asset] = emu.control.snapshot().assets;
		expect(asset.state).toBe('pending_upload');
		expect(error?.description).toContain(`Asset ${asset.id} (created `);
	});

	it('says running again is safe when Roughy made nothing', async () => {
		const projectId = emu.control.createProject().id;
		emu.faults.add({ method: 'POST', path: '/v1/assets', when: 'before', status: 503 });

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(MIB)) });

		expect(emu.control.snapshot().assets).toEqual([]);
		expect(error?.description).toContain(
			`Roughy has no new asset for this file in project ${projectId}, so running the node again will not leave a second one behind.`,
		);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
	});

	it('says where to look when looking fails as well', async () => {
		const projectId = emu.control.createProject().id;
		emu.faults.add({ method: 'POST', path: '/v1/assets', when: 'after', reset: true });
		emu.faults.add({ method: 'GET', path: '/v1/assets', times: 'always', status: 500 });

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(MIB)) });

		expect(error?.description).toContain('looking for it failed as well');
		expect(error?.description).toContain(`In project ${projectId}, look for an asset in "pending upload" created around `);
	});

	it('does not look when the request never left n8n (4xx: nothing was created)', async () => {
		const projectId = emu.control.createProject().id;
		emu.faults.add({ method: 'POST', path: '/v1/assets', when: 'before', status: 422 });

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(MIB)) });

		expect(error?.description ?? '').not.toContain('Resume Asset ID');
		expect(requestsTo(emu, 'GET', /^\/v1\/assets$/)).toHaveLength(0);
	});
});
