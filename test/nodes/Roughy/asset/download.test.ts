import { randomBytes } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import type { EmulatorControl } from '../../../../emulator';
import { binaryFromBuffer, readBinary } from '../../../harness';
import { byId, useEmulator } from '../emulator-kit';

const download = (assetId: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'asset',
	operation: 'download',
	assetId: byId(assetId),
	options,
});

/** An MP4 file: an `ftyp` box Roughy recognises, then random bytes. */
function mp4File(size = 256 * 1024): Buffer {
	const ftyp = Buffer.alloc(24);
	ftyp.writeUInt32BE(24, 0);
	ftyp.write('ftypisom', 4, 'latin1');
	ftyp.writeUInt32BE(0x200, 12);
	ftyp.write('isomavc1', 16, 'latin1');
	return Buffer.concat([ftyp, randomBytes(size - ftyp.length)]);
}

describe('Roughy → Asset → Download', () => {
	const kit = useEmulator();
	const seedAsset = (input: Parameters<EmulatorControl['seedAsset']>[0] = {}) =>
		kit.emulator().control.seedAsset(input);

	test('puts the source file in "data", named after the asset, with its MIME type', async () => {
		const bytes = mp4File();
		const asset = seedAsset({ bytes });

		const { items, error } = await kit.run(download(asset.id));

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].binary?.data).toEqual(
			expect.objectContaining({ fileName: `${asset.id}.mp4`, mimeType: 'video/mp4', fileExtension: 'mp4' }),
		);
		expect((await readBinary(items[0], 'data')).equals(bytes)).toBe(true);
		expect(items[0].json).toEqual(expect.objectContaining({ id: asset.id, state: 'ready', size_bytes: bytes.length }));
	});

	test('a file of several megabytes arrives byte for byte, in both of n8n\'s binary modes', async () => {
		// Larger than the pieces the node hands to n8n's store, with a remainder.
		const bytes = mp4File(3 * 1024 * 1024 + 12_345);
		const asset = seedAsset({ bytes });

		for (const binaryMode of ['filesystem', 'inline'] as const) {
			const { items, error } = await kit.run(download(asset.id), { binaryMode });

			expect(error).toBeUndefined();
			expect(items[0].binary?.data.bytes).toBe(bytes.length);
			expect((await readBinary(items[0], 'data')).equals(bytes)).toBe(true);
		}
	});

	test('fetches the signed link without the Roughy API key', async () => {
		const asset = seedAsset({ bytes: mp4File() });

		await kit.run(download(asset.id));

		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: `/v1/assets/${asset.id}`, query: {} }]);
		expect(kit.storageCalls()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: `/assets/projects/${asset.project_id}/${asset.id}`,
				authorization: false,
				status: 200,
			}),
		]);
	});

	test('leaves the short-lived link out of the output JSON', async () => {
		const asset = seedAsset({ bytes: mp4File() });

		const { items } = await kit.run(download(asset.id));

		expect(items[0].json).not.toHaveProperty('download_url');
		expect(JSON.stringify(items[0].json)).not.toContain('X-Amz-Signature');
	});

	test('uses the file name and output field given in the options', async () => {
		const asset = seedAsset({ bytes: mp4File() });

		const { items } = await kit.run(
			download(asset.id, { fileName: 'interview.mp4', binaryPropertyName: 'source' }),
		);

		expect(Object.keys(items[0].binary ?? {})).toEqual(['source']);
		expect(items[0].binary?.source.fileName).toBe('interview.mp4');
	});

	test("keeps the input item's files beside the download", async () => {
		const asset = seedAsset({ bytes: mp4File() });
		const notes = Buffer.from('take 3 is the keeper');

		const { items } = await kit.run(download(asset.id), {
			input: [{ json: {}, binary: { notes: binaryFromBuffer(notes, 'notes.txt', 'text/plain') } }],
		});

		expect(Object.keys(items[0].binary ?? {}).sort()).toEqual(['data', 'notes']);
		expect((await readBinary(items[0], 'notes')).toString()).toBe('take 3 is the keeper');
	});

	test("works with n8n's inline binary mode too", async () => {
		const bytes = mp4File(4096);
		const asset = seedAsset({ bytes });

		const { items } = await kit.run(download(asset.id), { binaryMode: 'inline' });

		expect((await readBinary(items[0], 'data')).equals(bytes)).toBe(true);
	});

	test('an asset whose upload has not finished fails with a clear message, before any download', async () => {
		const asset = seedAsset({ state: 'pending_upload' });

		const { items, error } = await kit.run(download(asset.id));

		expect(items).toEqual([]);
		expect(error?.message).toBe(`Asset ${asset.id} has no file yet: its upload has not finished`);
		expect(kit.storageCalls()).toEqual([]);
	});

	test('a failed asset fails with Roughy\'s reason', async () => {
		const asset = seedAsset({ state: 'failed', error_message: 'The file is not audio or video.' });

		const { error } = await kit.run(download(asset.id));

		expect(error?.message).toBe(`Asset ${asset.id} has no file to download: Roughy could not process it`);
		expect(error?.description).toContain('Roughy says: The file is not audio or video.');
		expect(kit.storageCalls()).toEqual([]);
	});

	test('an empty output field name fails before anything is sent', async () => {
		const asset = seedAsset({ bytes: mp4File() });

		const { error } = await kit.run(download(asset.id, { binaryPropertyName: '  ' }));

		expect(error?.message).toBe('The output binary field has no name');
		expect(kit.apiCalls()).toEqual([]);
	});
});

describe('Roughy → Asset → Download with an expired link', () => {
	// Links live one second here, and the storage host is made slow once, so
	// the first link has expired by the time it is checked.
	const kit = useEmulator({ downloadUrlTtlSeconds: 1 });

	test('reads the asset again for a fresh link and downloads with it', async () => {
		const bytes = mp4File();
		const asset = kit.emulator().control.seedAsset({ bytes });
		kit.emulator().faults.add({ method: 'GET', path: '/assets/**', delay: 2100 });

		const { items, error } = await kit.run(download(asset.id));

		expect(error).toBeUndefined();
		expect((await readBinary(items[0], 'data')).equals(bytes)).toBe(true);
		expect(kit.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
			`GET /v1/assets/${asset.id}`,
			`GET /v1/assets/${asset.id}`,
		]);
		expect(kit.storageCalls().map((call) => call.status)).toEqual([403, 200]);
	});
});
