import { fakeMp3, sha256 } from '../fixtures/media';
import { useEmulator } from './support/client';
import { uploadAsset } from './support/uploads';

/** What a test in another process does: plain HTTP to /__emulator/…, no module access. */
async function control(base: string, method: string, path: string, body?: unknown) {
	const response = await fetch(`${base}/__emulator${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe('the HTTP control surface', () => {
	const context = useEmulator({ timing: 'manual' });

	test('seed creates projects, assets, cuts and renders in the API shapes', async () => {
		const seeded = await control(context.emulator.url, 'POST', '/seed', {
			projects: [{ name: 'Seeded show' }],
			assets: [{ state: 'ready', format: 'mp4' }, { state: 'pending_payment' }],
			balance: 5,
		});
		expect(seeded.status).toBe(201);
		expect(seeded.json.assets.map((asset: { project_id: string }) => asset.project_id)).toEqual([seeded.json.projects[0].id, seeded.json.projects[0].id]);
		expect((await context.api.get('/v1/credits/balance')).json.balance).toBe(5);
		expect((await context.api.get(`/v1/assets/${seeded.json.assets[0].id}`)).json.type).toBe('video');
	});

	test('requests lists what the API saw, without the key; since= pages through it', async () => {
		await context.api.get('/v1/users/me');
		await context.api.get('/v1/credits/balance');
		const all = await control(context.emulator.url, 'GET', '/requests');
		const later = await control(context.emulator.url, 'GET', '/requests?since=1');
		expect(all.json.items.map((entry: { path: string }) => entry.path)).toEqual(['/v1/users/me', '/v1/credits/balance']);
		expect(all.json.items[0].headers.authorization).toBe('[present]');
		expect(later.json.items).toHaveLength(1);
	});

	test('faults can be added with a glob path and cleared', async () => {
		await control(context.emulator.url, 'POST', '/faults', { path: '/v1/users/*', status: 503, times: 'always' });
		expect((await context.api.get('/v1/users/me')).status).toBe(503);
		await control(context.emulator.url, 'DELETE', '/faults');
		expect((await context.api.get('/v1/users/me')).status).toBe(200);
	});

	test('control/<method> calls a control function with args', async () => {
		const asset = context.emulator.control.seedAsset();
		const { json: cut } = await context.api.post('/v1/cuts', { asset_id: asset.id });
		const steps = await control(context.emulator.url, 'POST', '/control/advanceAll', {});
		expect(steps.json).toEqual({ result: 2 });
		await control(context.emulator.url, 'POST', '/control/topUp', { args: [50] });
		expect((await context.api.get(`/v1/cuts/${cut.id}`)).json.state).toBe('completed');
		expect((await context.api.get('/v1/credits/balance')).json.balance).toBe(1050);
	});

	test('uploads/<asset id> reports the stored bytes and their sha256', async () => {
		const bytes = fakeMp3(50_000);
		const id = await uploadAsset(context.api, bytes);
		const stored = await control(context.emulator.url, 'GET', `/uploads/${id}`);
		expect(stored.json).toMatchObject({ bytesReceived: 50_000, sha256: sha256(bytes), status: 'complete' });
	});

	test('state shows everything, reset empties it', async () => {
		context.emulator.control.seedAsset();
		expect((await control(context.emulator.url, 'GET', '/state')).json.assets).toHaveLength(1);
		await control(context.emulator.url, 'POST', '/reset');
		const state = await control(context.emulator.url, 'GET', '/state');
		expect(state.json).toMatchObject({ assets: [], projects: [], balance: 1000 });
	});

	test('an unknown control route is 404', async () => {
		expect((await control(context.emulator.url, 'POST', '/control/doesNotExist', {})).status).toBe(404);
	});
});
