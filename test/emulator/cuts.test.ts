import { useEmulator } from './support/client';

describe('cuts', () => {
	// Seeded 'processing' assets must stay processing for the length of a test.
	const context = useEmulator({ timing: { assetProcessingMs: 60_000, cutProcessingMs: 20, renderProcessingMs: 20 } });

	test('a new cut is 201 with Location and state pending, then completes', async () => {
		const asset = context.emulator.control.seedAsset();
		const reply = await context.api.post('/v1/cuts', { asset_id: asset.id, script: 'Hello world' });
		expect(reply.status).toBe(201);
		expect(reply.headers.get('location')).toBe(`${context.emulator.url}/v1/cuts/${reply.json.id}`);
		expect(reply.json).toMatchObject({ state: 'pending', script: 'Hello world', started_at: null, completed_at: null });
		await context.emulator.control.idle();
		const done = await context.api.get(`/v1/cuts/${reply.json.id}`);
		expect(done.json).toMatchObject({ state: 'completed', started_at: expect.any(String), completed_at: expect.any(String) });
	});

	test('the same asset and script again is 200 with the same cut', async () => {
		const asset = context.emulator.control.seedAsset();
		const first = await context.api.post('/v1/cuts', { asset_id: asset.id, script: 'Take one' });
		const again = await context.api.post('/v1/cuts', { asset_id: asset.id, script: 'Take one' });
		expect(again.status).toBe(200);
		expect(again.json.id).toBe(first.json.id);
	});

	test('another script makes another cut; no script and null script are the same', async () => {
		const asset = context.emulator.control.seedAsset();
		const first = await context.api.post('/v1/cuts', { asset_id: asset.id, script: 'Take one' });
		const other = await context.api.post('/v1/cuts', { asset_id: asset.id, script: 'Take two' });
		const none = await context.api.post('/v1/cuts', { asset_id: asset.id });
		const nullScript = await context.api.post('/v1/cuts', { asset_id: asset.id, script: null });
		expect(other.status).toBe(201);
		expect(other.json.id).not.toBe(first.json.id);
		expect(nullScript.status).toBe(200);
		expect(nullScript.json.id).toBe(none.json.id);
	});

	test('a failed cut is not reused: asking again starts a new one', async () => {
		const asset = context.emulator.control.seedAsset();
		const failed = context.emulator.control.seedCut({ asset_id: asset.id, script: 'x', state: 'failed' });
		const reply = await context.api.post('/v1/cuts', { asset_id: asset.id, script: 'x' });
		expect(reply.status).toBe(201);
		expect(reply.json.id).not.toBe(failed.id);
	});

	test.each([
		['processing', 'asset_processing'],
		['pending_upload', 'asset_processing'],
		['pending_payment', 'asset_payment_required'],
		['failed', 'asset_failed'],
	] as const)('an asset in %s is 409 %s', async (state, code) => {
		const asset = context.emulator.control.seedAsset({ state });
		const reply = await context.api.post('/v1/cuts', { asset_id: asset.id });
		expect(reply.status).toBe(409);
		expect(reply.json.error.code).toBe(code);
	});

	test('asset_processing comes with a Retry-After in whole seconds', async () => {
		const asset = context.emulator.control.seedAsset({ state: 'processing' });
		const reply = await context.api.post('/v1/cuts', { asset_id: asset.id });
		expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
	});

	test('a script over 100 000 characters is 422 on body.script', async () => {
		const asset = context.emulator.control.seedAsset();
		const reply = await context.api.post('/v1/cuts', { asset_id: asset.id, script: 'a'.repeat(100_001) });
		expect(reply.status).toBe(422);
		expect(reply.json.error.fields[0].field).toBe('body.script');
	});

	test('an unknown asset is 404', async () => {
		const reply = await context.api.post('/v1/cuts', { asset_id: '019de7f7-3a52-74d1-9eeb-323e0bfb7bb9' });
		expect(reply.status).toBe(404);
	});

	test('the list filters by asset, project and (repeated) state', async () => {
		const { control } = context.emulator;
		const first = control.seedAsset();
		const second = control.seedAsset();
		const done = control.seedCut({ asset_id: first.id, script: 'a' });
		const failed = control.seedCut({ asset_id: first.id, script: 'b', state: 'failed' });
		control.seedCut({ asset_id: second.id });
		const byAsset = await context.api.get(`/v1/cuts?asset_id=${first.id}`);
		const byProject = await context.api.get(`/v1/cuts?project_id=${second.project_id}`);
		const byStates = await context.api.get('/v1/cuts?state=failed&state=pending');
		expect(byAsset.json.items.map((cut: { id: string }) => cut.id).sort()).toEqual([done.id, failed.id].sort());
		expect(byProject.json.total).toBe(1);
		expect(byStates.json.items.map((cut: { id: string }) => cut.id)).toEqual([failed.id]);
	});
});
