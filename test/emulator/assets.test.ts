import { useEmulator } from './support/client';

describe('asset listing, detail and deletion', () => {
	const context = useEmulator();

	function seedStates(projectId: string) {
		const { control } = context.emulator;
		return {
			ready: control.seedAsset({ project_id: projectId, state: 'ready' }).id,
			failed: control.seedAsset({ project_id: projectId, state: 'failed' }).id,
			pending: control.seedAsset({ project_id: projectId, state: 'pending_upload' }).id,
		};
	}

	test('omitting state lists every state', async () => {
		const project = context.emulator.control.createProject();
		seedStates(project.id);
		const reply = await context.api.get('/v1/assets');
		expect(reply.json.total).toBe(3);
	});

	test('a repeated state filter matches any of the values', async () => {
		const project = context.emulator.control.createProject();
		const ids = seedStates(project.id);
		const reply = await context.api.get('/v1/assets?state=failed&state=ready');
		expect(reply.json.items.map((item: { id: string }) => item.id).sort()).toEqual([ids.failed, ids.ready].sort());
	});

	test('an unknown state is 422 on query.state', async () => {
		const reply = await context.api.get('/v1/assets?state=done');
		expect(reply.status).toBe(422);
		expect(reply.json.error.fields[0].field).toBe('query.state');
	});

	test('project_id scopes the list; a malformed one is 422', async () => {
		const first = context.emulator.control.createProject();
		const second = context.emulator.control.createProject();
		context.emulator.control.seedAsset({ project_id: first.id });
		const inSecond = context.emulator.control.seedAsset({ project_id: second.id });
		const scoped = await context.api.get(`/v1/assets?project_id=${second.id}`);
		expect(scoped.json.items.map((item: { id: string }) => item.id)).toEqual([inSecond.id]);
		expect((await context.api.get('/v1/assets?project_id=nope')).status).toBe(422);
	});

	test("another account's assets are neither listed nor readable", async () => {
		const foreign = context.emulator.control.seedAsset({ foreign: true });
		expect((await context.api.get('/v1/assets')).json.total).toBe(0);
		expect((await context.api.get(`/v1/assets/${foreign.id}`)).status).toBe(404);
	});

	test('list items carry error_* but neither upload_url, download_url nor cuttable', async () => {
		context.emulator.control.seedAsset({ state: 'failed' });
		const [item] = (await context.api.get('/v1/assets')).json.items;
		expect(item).toMatchObject({ error_code: 'unsupported_media', error_message: expect.any(String) });
		expect(item).not.toHaveProperty('upload_url');
		expect(item).not.toHaveProperty('download_url');
		expect(item).not.toHaveProperty('cuttable');
	});

	test('a pending asset still shows its upload_url on detail, so a lost create response can be recovered', async () => {
		const pending = context.emulator.control.seedAsset({ state: 'pending_upload' });
		const detail = await context.api.get(`/v1/assets/${pending.id}`);
		expect(detail.json.upload_url).toMatch(/\/v1\/uploads\//);
		expect(detail.json.download_url).toBeNull();
	});

	test('deleting an asset removes its cuts and renders; a second delete is 404', async () => {
		const asset = context.emulator.control.seedAsset();
		const cut = context.emulator.control.seedCut({ asset_id: asset.id });
		const render = context.emulator.control.seedRender({ asset_id: asset.id, cut_id: cut.id, output: { format: 'mp3' } });
		expect((await context.api.delete(`/v1/assets/${asset.id}`)).status).toBe(204);
		expect((await context.api.get(`/v1/cuts/${cut.id}`)).status).toBe(404);
		expect((await context.api.get(`/v1/renders/${render.id}`)).status).toBe(404);
		expect((await context.api.delete(`/v1/assets/${asset.id}`)).status).toBe(404);
	});
});
