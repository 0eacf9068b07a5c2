import { fakeMp4, sha256 } from '../fixtures/media';
import { useEmulator } from './support/client';
import { createAsset, createProject, tusPatch } from './support/uploads';

// The benchmarks run the emulator with `--upload-hashing on-demand`, so the
// checksum they verify must be the same one the live hasher gives.
describe.each(['live', 'on-demand'] as const)('upload checksums, hashed %s', (uploadHashing) => {
	const context = useEmulator({ uploadHashing });

	test('the sha256 covers exactly the stored bytes, after each PATCH and at the end', async () => {
		const bytes = fakeMp4(300_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);

		expect((await tusPatch(context.api, asset.upload_url, 0, bytes.subarray(0, 120_000))).status).toBe(204);
		expect(context.emulator.storedUpload(asset.id)).toMatchObject({ bytesReceived: 120_000, sha256: sha256(bytes.subarray(0, 120_000)) });

		expect((await tusPatch(context.api, asset.upload_url, 120_000, bytes.subarray(120_000))).status).toBe(204);
		expect(context.emulator.storedUpload(asset.id)).toMatchObject({ bytesReceived: bytes.length, sha256: sha256(bytes), status: 'complete' });
	});

	test('two uploads in turn keep their own checksums', async () => {
		const project = await createProject(context.api);
		const first = fakeMp4(50_000);
		const second = fakeMp4(70_000);
		const [a, b] = [await createAsset(context.api, project, first.length), await createAsset(context.api, project, second.length)];
		await tusPatch(context.api, a.upload_url, 0, first);
		await tusPatch(context.api, b.upload_url, 0, second);

		expect(context.emulator.storedUpload(b.id).sha256).toBe(sha256(second));
		expect(context.emulator.storedUpload(a.id).sha256).toBe(sha256(first));
	});
});
