import { fakeMp3 } from '../fixtures/media';
import { useEmulator } from './support/client';
import { uploadAsset } from './support/uploads';

describe("timing: 'manual'", () => {
	const context = useEmulator({ timing: 'manual' });

	test('an uploaded asset stays processing, sized but without duration, until the test advances', async () => {
		const id = await uploadAsset(context.api, fakeMp3(960_000));
		await new Promise((resolve) => setTimeout(resolve, 50));
		const processing = await context.api.get(`/v1/assets/${id}`);
		expect(processing.json).toMatchObject({ state: 'processing', size_bytes: 960_000, duration_seconds: null, cuttable: false });
		expect(context.emulator.control.advanceAll()).toBe(1);
		expect((await context.api.get(`/v1/assets/${id}`)).json.state).toBe('ready');
	});

	test('advance(id) moves one entity one step: pending → processing → completed', async () => {
		const asset = context.emulator.control.seedAsset();
		const { json: cut } = await context.api.post('/v1/cuts', { asset_id: asset.id });
		expect(context.emulator.control.advance(cut.id)).toBe(true);
		expect((await context.api.get(`/v1/cuts/${cut.id}`)).json).toMatchObject({ state: 'processing', started_at: expect.any(String) });
		context.emulator.control.advance(cut.id);
		expect((await context.api.get(`/v1/cuts/${cut.id}`)).json.state).toBe('completed');
	});

	test('advanceAll runs every queued change, including the ones they queue', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		await context.api.post('/v1/cuts', { asset_id: asset.id });
		await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		expect(context.emulator.control.advanceAll()).toBe(4);
		expect((await context.api.get('/v1/renders?state=completed')).json.total).toBe(1);
		expect((await context.api.get('/v1/cuts?state=completed')).json.total).toBe(1);
	});

	test('control.setAssetState fires the matching webhook-worthy change without billing', async () => {
		const asset = context.emulator.control.seedAsset({ state: 'processing' });
		const ready = context.emulator.control.setAssetState(asset.id, 'ready');
		expect(ready).toMatchObject({ state: 'ready', cuttable: true, duration_seconds: expect.any(String) });
		expect((await context.api.get('/v1/credits/balance')).json.balance).toBe(1000);
		expect(context.emulator.control.advanceAll()).toBe(0);
	});
});
