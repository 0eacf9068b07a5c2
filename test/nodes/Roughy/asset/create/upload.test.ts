import { startEmulator, type RunningEmulator } from '../../../../../emulator';
import { fakeMp3, fakeMp4, sha256 } from '../../../../fixtures/media';
import type { BinaryMode } from '../../../../harness';
import { ASSET_CREATES, MIB, mp4File, outputOf, requestsTo, runCreate, UPLOADS } from './run-create';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => await emu.close());
beforeEach(() => emu.control.reset());

describe.each<BinaryMode>(['filesystem', 'inline'])('Asset → Create in %s binary mode', (binaryMode) => {
	it.each([
		['the 64-byte minimum', 64],
		['one byte less than a chunk', MIB - 1],
		['exactly one chunk', MIB],
		['one byte more than a chunk', MIB + 1],
		['several chunks and a bit', 3 * MIB + 12_345],
	])('stores %s byte for byte', async (_case, size) => {
		const projectId = emu.control.createProject().id;
		const bytes = fakeMp4(size);

		const { items, error } = await runCreate({ emu, projectId, file: mp4File(bytes), binaryMode });

		expect(error).toBeUndefined();
		const asset = outputOf(items);
		const stored = emu.storedUpload(asset.id);
		expect(stored.bytesReceived).toBe(size);
		expect(stored.sha256).toBe(sha256(bytes));
		expect(asset).toMatchObject({ project_id: projectId, size_bytes: size, type: 'video', extension: 'mp4' });
		expect(asset.upload).toEqual({
			bytes_sent: size,
			chunk_count: Math.ceil(size / MIB),
			chunk_size: MIB,
			resumed_from_offset: 0,
			retries: 0,
		});
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
		expect(requestsTo(emu, 'PATCH', UPLOADS)).toHaveLength(Math.ceil(size / MIB));
	});
});

it.each<[BinaryMode, string]>([
	['filesystem', 'file'],
	['inline', 'stream'],
])('in %s binary mode reads the file as a %s', async (binaryMode, readFrom) => {
	const projectId = emu.control.createProject().id;

	const { items, logs, error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(2 * MIB)), binaryMode });

	expect(error).toBeUndefined();
	const started = logs.find((log) => log.message.startsWith(`Roughy: uploading 2.0 MiB to asset ${outputOf(items).id}`));
	// In place from n8n's filesystem store (positioned reads, nothing allocated per read), else n8n's stream.
	expect(started?.metadata).toMatchObject({ readFrom });
});

it('creates the asset for the exact file size in the chosen project, then only HEADs and PATCHes its TUS URL, and HEADs once more to confirm', async () => {
	const projectId = emu.control.createProject().id;
	const bytes = fakeMp4(2 * MIB + 7);

	const { items } = await runCreate({ emu, projectId, file: mp4File(bytes) });

	const [create] = requestsTo(emu, 'POST', ASSET_CREATES);
	expect(create.body).toEqual({ project_id: projectId, size_bytes: bytes.length });
	const uploadId = emu.storedUpload(outputOf(items).id).uploadId;
	const tus = emu.requests.filter((request) => UPLOADS.test(request.path));
	expect(tus.map((request) => `${request.method} ${request.path}`)).toEqual([
		`HEAD /v1/uploads/${uploadId}`,
		`PATCH /v1/uploads/${uploadId}`,
		`PATCH /v1/uploads/${uploadId}`,
		`PATCH /v1/uploads/${uploadId}`,
		`HEAD /v1/uploads/${uploadId}`,
	]);
	expect(tus.map((request) => request.headers['upload-offset'])).toEqual([undefined, '0', String(MIB), String(2 * MIB), undefined]);
});

it('sends the API key and the TUS headers on every upload request', async () => {
	const projectId = emu.control.createProject().id;

	await runCreate({ emu, projectId, file: mp4File(fakeMp4(MIB + 10)) });

	const tus = emu.requests.filter((request) => UPLOADS.test(request.path));
	expect(tus.length).toBeGreaterThan(0);
	for (const request of tus) {
		expect(request.headers.authorization).toBe('[present]');
		expect(request.headers['tus-resumable']).toBe('1.0.0');
		expect(request.status).toBeLessThan(300);
	}
	for (const patch of tus.filter((request) => request.method === 'PATCH')) {
		expect(patch.headers['content-type']).toBe('application/offset+octet-stream');
	}
});

it('reads the file from the binary field the user names', async () => {
	const projectId = emu.control.createProject().id;
	const bytes = fakeMp3(200_000);

	const { items, error } = await runCreate({
		emu,
		projectId,
		parameters: { binaryPropertyName: 'recording' },
		input: [{ json: {}, binary: { recording: mp4File(bytes, 'talk.mp3', 'audio/mpeg') } }],
	});

	expect(error).toBeUndefined();
	expect(outputOf(items)).toMatchObject({ type: 'audio', extension: 'mp3' });
	expect(emu.storedUpload(outputOf(items).id).sha256).toBe(sha256(bytes));
});

it('uploads each input item as its own asset', async () => {
	const projectId = emu.control.createProject().id;
	const first = fakeMp4(300_000);
	const second = fakeMp3(500_000);

	const { items } = await runCreate({
		emu,
		projectId,
		input: [
			{ json: { take: 1 }, binary: { data: mp4File(first) } },
			{ json: { take: 2 }, binary: { data: mp4File(second, 'b.mp3', 'audio/mpeg') } },
		],
	});

	expect(items).toHaveLength(2);
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(emu.storedUpload(outputOf(items, 0).id).sha256).toBe(sha256(first));
	expect(emu.storedUpload(outputOf(items, 1).id).sha256).toBe(sha256(second));
});

it('sets the spoken language on the new asset', async () => {
	const projectId = emu.control.createProject().id;

	const { items } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(1000)), options: { language: 'DE' } });

	expect(requestsTo(emu, 'POST', ASSET_CREATES)[0].body).toMatchObject({ language: 'de' });
	expect(outputOf(items).language).toBe('de');
});

it('logs progress for the upload without the key or the upload URL', async () => {
	const projectId = emu.control.createProject().id;

	const { items, logs } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(5 * MIB)) });

	const assetId = outputOf(items).id;
	const progress = logs.filter((log) => log.level === 'info' && log.message.includes(`asset ${assetId} upload at`));
	expect(progress.map((log) => /at (\d+)%/.exec(log.message)?.[1])).toEqual(['20', '40', '60', '80', '100']);
	const uploadId = emu.storedUpload(assetId).uploadId;
	for (const log of logs) {
		expect(log.line).not.toContain(emu.apiKey);
		expect(log.line).not.toContain(uploadId);
	}
	expect(JSON.stringify(items)).not.toContain(emu.apiKey);
});

describe('Wait for Completion', () => {
	it('returns the asset once it is ready', async () => {
		const projectId = emu.control.createProject().id;

		const { items, error } = await runCreate({
			emu,
			projectId,
			file: mp4File(fakeMp4(2 * MIB)),
			parameters: { waitForCompletion: true, waitOptions: { checkEverySeconds: 1 } },
		});

		expect(error).toBeUndefined();
		expect(outputOf(items)).toMatchObject({ state: 'ready', cuttable: true });
	});

	it('ends with an error saying to top up when the credits do not cover the file', async () => {
		const projectId = emu.control.createProject().id;
		emu.control.setBalance(1);

		// About 2 minutes of MP3 at the emulator's rate: 3 credits against a balance of 1.
		const { error } = await runCreate({
			emu,
			projectId,
			file: mp4File(fakeMp3(2_000_000), 'talk.mp3', 'audio/mpeg'),
			parameters: { waitForCompletion: true, waitOptions: { checkEverySeconds: 1 } },
		});

		expect(error?.message).toMatch(/ended as "pending_payment"/);
		expect(error?.description).toMatch(/Top up credits/);
		const [asset] = emu.control.snapshot().assets;
		expect(asset.state).toBe('pending_payment');
		expect(error?.message).toContain(asset.id);
	});
});
