import { fakeMp3, fakeMp4, notMedia, sha256 } from '../fixtures/media';
import { useEmulator } from './support/client';
import { createAsset, createProject, TUS, tusHead, tusPatch } from './support/uploads';

describe('TUS uploads', () => {
	const context = useEmulator();

	test('creating an asset opens an upload: 201, Location = upload_url, a pending asset with nulls', async () => {
		const project = await createProject(context.api);
		const reply = await context.api.post('/v1/assets', { project_id: project, size_bytes: 4096, language: 'DE' });
		expect(reply.status).toBe(201);
		expect(reply.headers.get('location')).toBe(reply.json.upload_url);
		expect(reply.json.upload_url).toMatch(new RegExp(`^${context.emulator.url}/v1/uploads/[0-9a-f-]{36}$`));
		expect(reply.json).toMatchObject({ state: 'pending_upload', type: null, size_bytes: null, extension: null, language: 'de' });
		expect(reply.json.upload_url.endsWith(reply.json.id)).toBe(false);
	});

	test('bytes uploaded in several PATCHes are stored byte for byte', async () => {
		const bytes = fakeMp4(300_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		let offset = 0;
		for (const size of [100_000, 150_000, 50_000]) {
			const reply = await tusPatch(context.api, asset.upload_url, offset, bytes.subarray(offset, offset + size));
			expect(reply.status).toBe(204);
			offset += size;
			expect(reply.headers.get('upload-offset')).toBe(String(offset));
			expect(reply.headers.get('tus-resumable')).toBe('1.0.0');
		}
		expect(context.emulator.storedUpload(asset.id)).toMatchObject({ bytesReceived: bytes.length, sha256: sha256(bytes), status: 'complete' });
	});

	test('HEAD tells the offset and length, uncached', async () => {
		const bytes = fakeMp3(10_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		await tusPatch(context.api, asset.upload_url, 0, bytes.subarray(0, 4000));
		const head = await tusHead(context.api, asset.upload_url);
		expect(head.status).toBe(200);
		expect(head.headers.get('upload-offset')).toBe('4000');
		expect(head.headers.get('upload-length')).toBe('10000');
		expect(head.headers.get('cache-control')).toBe('no-store');
	});

	test('the last byte makes the asset ready, with type, size and duration', async () => {
		const bytes = fakeMp3(960_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		await tusPatch(context.api, asset.upload_url, 0, bytes);
		await context.emulator.control.idle();
		const ready = await context.api.get(`/v1/assets/${asset.id}`);
		expect(ready.json).toMatchObject({
			state: 'ready',
			cuttable: true,
			upload_url: null,
			size_bytes: 960_000,
			type: 'audio',
			extension: 'mp3',
			duration_seconds: '60.000',
			content_type: 'audio/mpeg',
		});
	});

	test('an Upload-Offset other than the server offset is 409 conflict and stores nothing', async () => {
		const bytes = fakeMp4(8192);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		await tusPatch(context.api, asset.upload_url, 0, bytes.subarray(0, 4096));
		const reply = await tusPatch(context.api, asset.upload_url, 1000, bytes.subarray(1000));
		expect(reply.status).toBe(409);
		expect(reply.json.error.code).toBe('conflict');
		expect(context.emulator.storedUpload(asset.id).bytesReceived).toBe(4096);
	});

	test('a first chunk that is not audio or video is 409, the asset fails with unsupported_media and the session ends', async () => {
		const bytes = notMedia(8192);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		const reply = await tusPatch(context.api, asset.upload_url, 0, bytes);
		expect(reply.status).toBe(409);
		expect(reply.json.error.code).toBe('conflict');
		const detail = await context.api.get(`/v1/assets/${asset.id}`);
		expect(detail.json).toMatchObject({ state: 'failed', error_code: 'unsupported_media', type: null, upload_url: null });
		expect((await tusHead(context.api, asset.upload_url)).status).toBe(410);
		expect((await tusPatch(context.api, asset.upload_url, 0, fakeMp4(8192))).json.error.code).toBe('gone');
	});

	test('a failed asset is never charged', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 8192);
		await tusPatch(context.api, asset.upload_url, 0, notMedia(8192));
		const balance = await context.api.get('/v1/credits/balance');
		expect(balance.json.balance).toBe(1000);
	});

	test('an asset smaller than 64 bytes is refused at creation with 422 on body.size_bytes', async () => {
		const reply = await context.api.post('/v1/assets', { project_id: await createProject(context.api), size_bytes: 63 });
		expect(reply.status).toBe(422);
		expect(reply.json.error.fields).toEqual([{ field: 'body.size_bytes', message: expect.any(String) }]);
	});

	test('an asset above 50 GiB is 413 payload_too_large', async () => {
		const reply = await context.api.post('/v1/assets', { project_id: await createProject(context.api), size_bytes: 50 * 1024 ** 3 + 1 });
		expect(reply.status).toBe(413);
		expect(reply.json.error.code).toBe('payload_too_large');
	});

	test('a first PATCH under 64 bytes is 400 and stores nothing', async () => {
		const bytes = fakeMp4(4096);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		const reply = await tusPatch(context.api, asset.upload_url, 0, bytes.subarray(0, 63));
		expect(reply.status).toBe(400);
		expect(reply.json.error.code).toBe('bad_request');
		expect(context.emulator.storedUpload(asset.id).bytesReceived).toBe(0);
	});

	test('later PATCHes may be as small as one byte', async () => {
		const bytes = fakeMp4(100);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		await tusPatch(context.api, asset.upload_url, 0, bytes.subarray(0, 99));
		const reply = await tusPatch(context.api, asset.upload_url, 99, bytes.subarray(99));
		expect(reply.status).toBe(204);
		expect(reply.headers.get('upload-offset')).toBe('100');
	});

	test('a chunk that would go past Upload-Length is 413', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		const reply = await tusPatch(context.api, asset.upload_url, 0, fakeMp4(5000));
		expect(reply.status).toBe(413);
		expect(context.emulator.storedUpload(asset.id).bytesReceived).toBe(0);
	});

	test('a missing or wrong Tus-Resumable is 412 precondition_failed', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		const missing = await context.api.request('PATCH', asset.upload_url, {
			raw: fakeMp4(4096),
			headers: { 'Content-Type': TUS['Content-Type'], 'Upload-Offset': '0' },
		});
		const wrong = await context.api.request('HEAD', asset.upload_url, { headers: { 'Tus-Resumable': '0.2.2' } });
		expect(missing.status).toBe(412);
		expect(missing.json.error.code).toBe('precondition_failed');
		expect(wrong.status).toBe(412);
	});

	test('a PATCH that is not application/offset+octet-stream is 415', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		const reply = await tusPatch(context.api, asset.upload_url, 0, fakeMp4(4096), { 'Content-Type': 'application/octet-stream' });
		expect(reply.status).toBe(415);
		expect(reply.json.error.code).toBe('unsupported_media_type');
	});

	test('a PATCH without Upload-Offset is 400 bad_request', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		const reply = await context.api.request('PATCH', asset.upload_url, { raw: fakeMp4(4096), headers: TUS });
		expect(reply.status).toBe(400);
	});

	test('upload requests need the bearer key too', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		const reply = await tusPatch(context.api, asset.upload_url, 0, fakeMp4(4096), {});
		const anonymous = await context.api.request('PATCH', asset.upload_url, {
			key: null,
			raw: fakeMp4(4096),
			headers: { ...TUS, 'Upload-Offset': '0' },
		});
		expect(reply.status).toBe(204);
		expect(anonymous.status).toBe(401);
	});

	test('DELETE cancels the upload and removes the asset', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		const reply = await context.api.request('DELETE', asset.upload_url, { headers: { 'Tus-Resumable': '1.0.0' } });
		expect(reply.status).toBe(204);
		expect((await context.api.get(`/v1/assets/${asset.id}`)).status).toBe(404);
		expect((await tusHead(context.api, asset.upload_url)).status).toBe(410);
	});

	test('there is no TUS creation request', async () => {
		const reply = await context.api.request('POST', '/v1/uploads', { raw: Buffer.alloc(0), headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '100' } });
		expect(reply.status).toBe(404);
	});

	test('OPTIONS advertises TUS 1.0.0, the 50 GiB maximum and termination', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		const reply = await context.api.request('OPTIONS', asset.upload_url, { key: null });
		expect(reply.status).toBe(204);
		expect(reply.headers.get('tus-version')).toBe('1.0.0');
		expect(reply.headers.get('tus-max-size')).toBe(String(50 * 1024 ** 3));
		expect(reply.headers.get('tus-extension')).toBe('termination');
	});

	test('a pending upload expires: 410 on HEAD, and the asset is gone', async () => {
		const asset = await createAsset(context.api, await createProject(context.api), 4096);
		context.emulator.control.advanceClock(25 * 3600 * 1000);
		expect((await tusHead(context.api, asset.upload_url)).status).toBe(410);
		expect((await context.api.get(`/v1/assets/${asset.id}`)).status).toBe(404);
	});

	test('asset creation needs a balance above zero', async () => {
		context.emulator.control.setBalance(0);
		const reply = await context.api.post('/v1/assets', { project_id: await createProject(context.api), size_bytes: 4096 });
		expect(reply.status).toBe(402);
		expect(reply.json.error.code).toBe('insufficient_credits');
	});

	test('asset creation is not idempotent: the same request makes a second asset', async () => {
		const project = await createProject(context.api);
		const first = await createAsset(context.api, project, 4096);
		const second = await createAsset(context.api, project, 4096);
		expect(second.id).not.toBe(first.id);
	});
});
