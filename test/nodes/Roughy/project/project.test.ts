import type { INodeParameters } from 'n8n-workflow';

import type { EmulatorControl } from '../../../../emulator';
import { byId, daysAgo, fromList, UNKNOWN_ID, useEmulator } from '../emulator-kit';

const project = (operation: string, fields: INodeParameters = {}): INodeParameters => ({
	resource: 'project',
	operation,
	...fields,
});

describe('Roughy → Project', () => {
	const kit = useEmulator();
	const seedProject = (input: Parameters<EmulatorControl['createProject']>[0] = {}) =>
		kit.emulator().control.createProject(input);

	describe('Create', () => {
		test('creates an active project with the given name', async () => {
			const { items, error } = await kit.run(project('create', { name: 'Episode 42' }));

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([
				expect.objectContaining({ name: 'Episode 42', state: 'active', archived_at: null }),
			]);
			expect(kit.apiCalls()).toEqual([{ method: 'POST', path: '/v1/projects', query: {} }]);
			expect(kit.apiBodies()).toEqual([{ name: 'Episode 42' }]);
		});

		test('an empty name from an expression is refused before anything is sent', async () => {
			const { error } = await kit.run(project('create', { name: '={{ $json.title }}' }), {
				input: [{ json: { title: '   ' } }],
			});

			expect(error?.message).toBe('The project name is empty');
			expect(kit.apiCalls()).toEqual([]);
		});
	});

	describe('Get', () => {
		test('returns the project picked from the list', async () => {
			const seeded = seedProject({ name: 'Interview' });

			const { items } = await kit.run(project('get', { projectId: fromList(seeded.id) }));

			expect(items.map((item) => item.json)).toEqual([seeded]);
			expect(kit.apiCalls()).toEqual([{ method: 'GET', path: `/v1/projects/${seeded.id}`, query: {} }]);
		});

		test('an ID typed "By ID" that is not a UUID is flagged before the workflow runs', async () => {
			await expect(kit.run(project('get', { projectId: byId('Episode 42') }))).rejects.toThrow(
				'Not a valid project ID',
			);
			expect(kit.apiCalls()).toEqual([]);
		});

		test('an ID from an expression that is not a UUID fails without calling Roughy', async () => {
			const { error } = await kit.run(project('get', { projectId: byId('={{ $json.project }}') }), {
				input: [{ json: { project: 'Episode 42' } }],
			});

			expect(error?.message).toBe('"Episode 42" is not a valid project ID');
			expect(kit.apiCalls()).toEqual([]);
		});

		test('an unknown project fails with a not-found message naming it', async () => {
			const { error } = await kit.run(project('get', { projectId: byId(UNKNOWN_ID) }));

			expect(error?.message).toBe(`Roughy could not find that resource (project ${UNKNOWN_ID})`);
			expect(error?.context?.itemIndex).toBe(0);
		});

		test('a wrong API key says so, without showing the key', async () => {
			const seeded = seedProject();
			const wrongKey = 'sk_test_wrong_key_0123456789';

			const { error, logs } = await kit.run(project('get', { projectId: byId(seeded.id) }), { apiKey: wrongKey });

			expect(error?.message).toBe(`Roughy rejected the API key (project ${seeded.id})`);
			expect(error?.description).toContain('Open the Roughy credential');
			expect(JSON.stringify(error)).not.toContain(wrongKey);
			expect(logs.every((log) => !log.line.includes(wrongKey))).toBe(true);
		});

		test('with "Continue" on error, a failing item becomes an error item paired with its input', async () => {
			const seeded = seedProject({ name: 'Found' });

			const { items } = await kit.run(project('get', { projectId: byId('={{ $json.id }}') }), {
				input: [{ json: { id: seeded.id } }, { json: { id: UNKNOWN_ID } }],
				continueOnFail: true,
			});

			expect(items).toEqual([
				expect.objectContaining({ json: seeded, pairedItem: { item: 0 } }),
				expect.objectContaining({
					json: expect.objectContaining({
						error: `Roughy could not find that resource (project ${UNKNOWN_ID})`,
						code: 'not_found',
					}),
					pairedItem: { item: 1 },
				}),
			]);
		});
	});

	describe('Get Many', () => {
		test('lists active projects by default, newest first', async () => {
			const older = seedProject({ name: 'Older', created_at: daysAgo(2) });
			const newer = seedProject({ name: 'Newer', created_at: daysAgo(1) });
			seedProject({ name: 'Archived', state: 'archived' });

			const { items } = await kit.run(project('getMany'));

			expect(items.map((item) => item.json.id)).toEqual([newer.id, older.id]);
			expect(kit.apiCalls()).toEqual([
				{ method: 'GET', path: '/v1/projects', query: { state: 'active', limit: '50', offset: '0' } },
			]);
		});

		test('lists only archived projects when asked', async () => {
			seedProject({ name: 'Active' });
			const archived = seedProject({ name: 'Archived', state: 'archived' });

			const { items } = await kit.run(project('getMany', { filters: { state: 'archived' } }));

			expect(items.map((item) => item.json.id)).toEqual([archived.id]);
			expect(kit.apiCalls()[0].query).toEqual(expect.objectContaining({ state: 'archived' }));
		});

		test('"All" merges active and archived projects, newest first', async () => {
			const first = seedProject({ name: 'First', created_at: daysAgo(3) });
			const second = seedProject({ name: 'Second', state: 'archived', created_at: daysAgo(2) });
			const third = seedProject({ name: 'Third', created_at: daysAgo(1) });

			const { items } = await kit.run(project('getMany', { returnAll: true, filters: { state: 'all' } }));

			expect(items.map((item) => item.json.id)).toEqual([third.id, second.id, first.id]);
			expect(kit.apiCalls().map((call) => call.query.state)).toEqual(['active', 'archived']);
		});

		test('"All" with a limit keeps the newest of both lists', async () => {
			seedProject({ name: 'Oldest', created_at: daysAgo(3) });
			const archived = seedProject({ name: 'Archived', state: 'archived', created_at: daysAgo(2) });
			const newest = seedProject({ name: 'Newest', created_at: daysAgo(1) });

			const { items } = await kit.run(project('getMany', { limit: 2, filters: { state: 'all' } }));

			expect(items.map((item) => item.json.id)).toEqual([newest.id, archived.id]);
		});

		test('"Return All" reads every page', async () => {
			for (let index = 0; index < 101; index++) seedProject({ name: `Project ${index}` });

			const { items } = await kit.run(project('getMany', { returnAll: true }));

			expect(items).toHaveLength(101);
			expect(kit.apiCalls().map((call) => call.query)).toEqual([
				{ state: 'active', limit: '100', offset: '0' },
				{ state: 'active', limit: '100', offset: '100' },
			]);
		});
	});

	describe('Update', () => {
		test('renames the project', async () => {
			const seeded = seedProject({ name: 'Draft' });

			const { items } = await kit.run(
				project('update', { projectId: byId(seeded.id), updateFields: { name: 'Final' } }),
			);

			expect(items[0].json).toEqual(expect.objectContaining({ id: seeded.id, name: 'Final', state: 'active' }));
			expect(kit.apiCalls()).toEqual([{ method: 'PATCH', path: `/v1/projects/${seeded.id}`, query: {} }]);
			expect(kit.apiBodies()).toEqual([{ name: 'Final' }]);
		});

		test('archives the project', async () => {
			const seeded = seedProject();

			const { items } = await kit.run(
				project('update', { projectId: byId(seeded.id), updateFields: { state: 'archived' } }),
			);

			expect(items[0].json).toEqual(expect.objectContaining({ state: 'archived', archived_at: expect.any(String) }));
			expect(kit.apiBodies()).toEqual([{ state: 'archived' }]);
		});

		test('unarchives the project', async () => {
			const seeded = seedProject({ state: 'archived' });

			const { items } = await kit.run(
				project('update', { projectId: byId(seeded.id), updateFields: { state: 'active' } }),
			);

			expect(items[0].json).toEqual(expect.objectContaining({ state: 'active', archived_at: null }));
		});

		test('with no field to change, nothing is sent', async () => {
			const seeded = seedProject();

			const { error } = await kit.run(project('update', { projectId: byId(seeded.id), updateFields: {} }));

			expect(error?.message).toBe(`Nothing to update for project ${seeded.id}`);
			expect(kit.apiCalls()).toEqual([]);
		});
	});

	describe('Delete', () => {
		test('deletes the project and says so', async () => {
			const seeded = seedProject();

			const { items } = await kit.run(project('delete', { projectId: byId(seeded.id) }));

			expect(items.map((item) => item.json)).toEqual([{ id: seeded.id, deleted: true }]);
			expect(kit.apiCalls()).toEqual([{ method: 'DELETE', path: `/v1/projects/${seeded.id}`, query: {} }]);
			expect(kit.emulator().control.snapshot().projects.map((p) => p.id)).not.toContain(seeded.id);
		});

		test('deletes everything in the project with it', async () => {
			const seeded = seedProject();
			const asset = kit.emulator().control.seedAsset({ project_id: seeded.id });

			await kit.run(project('delete', { projectId: byId(seeded.id) }));

			expect(kit.emulator().control.snapshot().assets.map((a) => a.id)).not.toContain(asset.id);
		});

		test('a project that does not exist is an error by default', async () => {
			const { items, error } = await kit.run(project('delete', { projectId: byId(UNKNOWN_ID) }));

			expect(items).toEqual([]);
			expect(error?.message).toBe(`Roughy could not find that resource (project ${UNKNOWN_ID})`);
		});

		test('"Treat Not Found as Success" reports a missing project as not deleted', async () => {
			const { items, error } = await kit.run(
				project('delete', { projectId: byId(UNKNOWN_ID), treatNotFoundAsSuccess: true }),
			);

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([{ id: UNKNOWN_ID, deleted: false, reason: 'not_found' }]);
		});

		test('"Treat Not Found as Success" does not hide other failures', async () => {
			const seeded = seedProject();

			const { error } = await kit.run(
				project('delete', { projectId: byId(seeded.id), treatNotFoundAsSuccess: true }),
				{ apiKey: 'sk_test_wrong_key_0123456789' },
			);

			expect(error?.message).toBe(`Roughy rejected the API key (project ${seeded.id})`);
		});
	});
});
