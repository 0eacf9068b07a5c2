import { useEmulator } from './support/client';

describe('projects', () => {
	const context = useEmulator();

	test('a new project is active, with archived_at null and equal timestamps', async () => {
		const reply = await context.api.post('/v1/projects', { name: 'Episode 42' });
		expect(reply.status).toBe(201);
		expect(reply.json).toMatchObject({ name: 'Episode 42', state: 'active', archived_at: null });
		expect(reply.json.updated_at).toBe(reply.json.created_at);
	});

	test('PATCH with state archived archives it and hides it from the default listing', async () => {
		const { json: project } = await context.api.post('/v1/projects', { name: 'Old show' });
		const archived = await context.api.patch(`/v1/projects/${project.id}`, { state: 'archived' });
		expect(archived.json).toMatchObject({ state: 'archived', archived_at: expect.any(String) });

		const active = await context.api.get('/v1/projects');
		const listedArchived = await context.api.get('/v1/projects?state=archived');
		expect(active.json.items.map((item: { id: string }) => item.id)).not.toContain(project.id);
		expect(listedArchived.json.items.map((item: { id: string }) => item.id)).toEqual([project.id]);
	});

	test('unarchiving clears archived_at', async () => {
		const { json: project } = await context.api.post('/v1/projects', { name: 'Back again' });
		await context.api.patch(`/v1/projects/${project.id}`, { state: 'archived' });
		const reply = await context.api.patch(`/v1/projects/${project.id}`, { state: 'active' });
		expect(reply.json).toMatchObject({ state: 'active', archived_at: null });
	});

	test('renaming changes updated_at; an empty PATCH changes nothing', async () => {
		const { json: project } = await context.api.post('/v1/projects', { name: 'Draft' });
		context.emulator.control.advanceClock(1000);
		const unchanged = await context.api.patch(`/v1/projects/${project.id}`, {});
		const renamed = await context.api.patch(`/v1/projects/${project.id}`, { name: 'Final' });
		expect(unchanged.json.updated_at).toBe(project.updated_at);
		expect(renamed.json.name).toBe('Final');
		expect(renamed.json.updated_at > project.updated_at).toBe(true);
	});

	test('deleting a project removes its assets, cuts and renders; a second delete is 404', async () => {
		const { json: project } = await context.api.post('/v1/projects', { name: 'Doomed' });
		const asset = context.emulator.control.seedAsset({ project_id: project.id });
		const cut = context.emulator.control.seedCut({ asset_id: asset.id });
		const render = context.emulator.control.seedRender({ asset_id: asset.id, output: { format: 'mp3' } });

		expect((await context.api.delete(`/v1/projects/${project.id}`)).status).toBe(204);
		expect((await context.api.get(`/v1/assets/${asset.id}`)).status).toBe(404);
		expect((await context.api.get(`/v1/cuts/${cut.id}`)).status).toBe(404);
		expect((await context.api.get(`/v1/renders/${render.id}`)).status).toBe(404);
		expect((await context.api.delete(`/v1/projects/${project.id}`)).status).toBe(404);
	});

	test('a malformed project id is simply not found', async () => {
		const reply = await context.api.get('/v1/projects/not-a-uuid');
		expect(reply.status).toBe(404);
	});
});
