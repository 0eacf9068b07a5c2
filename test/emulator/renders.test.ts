import { useEmulator } from './support/client';

describe('renders', () => {
	// Seeded 'processing' assets and renders must stay put for the length of a test.
	const context = useEmulator({ timing: { assetProcessingMs: 60_000, cutProcessingMs: 20, renderProcessingMs: 60_000 } });

	test('a new render is 201 with Location, pending, output echoed', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const reply = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4', resolution: '1080p' } });
		expect(reply.status).toBe(201);
		expect(reply.headers.get('location')).toBe(`${context.emulator.url}/v1/renders/${reply.json.id}`);
		expect(reply.json).toMatchObject({ state: 'pending', cut_id: null, output: { format: 'mp4', resolution: '1080p' }, size_bytes: null });
	});

	test('the identical request again is 200 with the same render; omitted and null options are identical', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const first = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mov' } });
		const again = await context.api.post('/v1/renders', { asset_id: asset.id, cut_id: null, output: { format: 'mov', resolution: null } });
		const other = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mov', resolution: '720p' } });
		expect(again.status).toBe(200);
		expect(again.json.id).toBe(first.json.id);
		expect(other.status).toBe(201);
	});

	test.each([
		[{ format: 'mp3', resolution: '720p' }, 'body.output.resolution'],
		[{ format: 'm4a', video_bitrate: 10 }, 'body.output.video_bitrate'],
		[{ format: 'webm' }, 'body.output.format'],
		[{ format: 'mp4', audio_bitrate: 100 }, 'body.output.audio_bitrate'],
	])('output %j is 422 on %s', async (output, field) => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const reply = await context.api.post('/v1/renders', { asset_id: asset.id, output });
		expect(reply.status).toBe(422);
		expect(reply.json.error.fields).toEqual([{ field, message: expect.any(String) }]);
	});

	test('a video render of an audio-only asset is 422 on body.output.format', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp3' });
		const reply = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		expect(reply.status).toBe(422);
		expect(reply.json.error.fields[0].field).toBe('body.output.format');
	});

	test('a video render of an asset that is not ready is 409 asset_not_ready', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4', state: 'processing' });
		const reply = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		expect(reply.json.error.code).toBe('asset_not_ready');
	});

	test('an audio render of an unpaid asset is 409 asset_payment_required', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4', state: 'pending_payment' });
		const reply = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp3' } });
		expect(reply.json.error.code).toBe('asset_payment_required');
	});

	test('a cut that is not completed is 409 modifier_not_ready', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const cut = context.emulator.control.seedCut({ asset_id: asset.id, state: 'pending' });
		const reply = await context.api.post('/v1/renders', { asset_id: asset.id, cut_id: cut.id, output: { format: 'mp4' } });
		expect(reply.status).toBe(409);
		expect(reply.json.error.code).toBe('modifier_not_ready');
	});

	test("a cut of another asset is 422 on body.cut_id", async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const other = context.emulator.control.seedAsset({ format: 'mp4' });
		const cut = context.emulator.control.seedCut({ asset_id: other.id });
		const reply = await context.api.post('/v1/renders', { asset_id: asset.id, cut_id: cut.id, output: { format: 'mp4' } });
		expect(reply.status).toBe(422);
		expect(reply.json.error.fields[0].field).toBe('body.cut_id');
	});

	test('cancelling a running render makes it cancelled with completed_at set', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const { json: render } = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		const reply = await context.api.post(`/v1/renders/${render.id}/cancel`);
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({ state: 'cancelled', completed_at: expect.any(String) });
	});

	test('cancelling a finished render is 409 conflict', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const render = context.emulator.control.seedRender({ asset_id: asset.id, output: { format: 'mp4' } });
		const reply = await context.api.post(`/v1/renders/${render.id}/cancel`);
		expect(reply.status).toBe(409);
		expect(reply.json.error.code).toBe('conflict');
	});

	test('a cancelled render is not reused: the same request starts a new one', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const first = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		await context.api.post(`/v1/renders/${first.json.id}/cancel`);
		const again = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		expect(again.status).toBe(201);
	});

	test('download_url is null until completed, then set with the size', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const { json: created } = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		expect((await context.api.get(`/v1/renders/${created.id}`)).json.download_url).toBeNull();
		context.emulator.control.completeRender(created.id);
		const done = await context.api.get(`/v1/renders/${created.id}`);
		expect(done.json).toMatchObject({ state: 'completed', size_bytes: expect.any(Number), download_url: expect.stringMatching(/^http/) });
	});

	test('a failed render carries its error', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const { json: created } = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		context.emulator.control.failRender(created.id, 'encode_failed', 'The encoder gave up.');
		const reply = await context.api.get(`/v1/renders/${created.id}`);
		expect(reply.json).toMatchObject({ state: 'failed', error_code: 'encode_failed', download_url: null });
	});

	test('the list filters by asset, cut and state', async () => {
		const { control } = context.emulator;
		const asset = control.seedAsset({ format: 'mp4' });
		const cut = control.seedCut({ asset_id: asset.id });
		const trimmed = control.seedRender({ asset_id: asset.id, cut_id: cut.id, output: { format: 'mp4' } });
		const full = control.seedRender({ asset_id: asset.id, output: { format: 'mp3' }, state: 'failed' });
		control.seedRender({ asset_id: control.seedAsset().id, output: { format: 'mp3' } });
		expect((await context.api.get(`/v1/renders?asset_id=${asset.id}`)).json.total).toBe(2);
		expect((await context.api.get(`/v1/renders?cut_id=${cut.id}`)).json.items.map((r: { id: string }) => r.id)).toEqual([trimmed.id]);
		expect((await context.api.get('/v1/renders?state=failed')).json.items.map((r: { id: string }) => r.id)).toEqual([full.id]);
	});
});
