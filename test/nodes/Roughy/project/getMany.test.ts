import type { EmulatorControl } from '../../../../emulator';
import { daysAgo, operationOf, useEmulator } from '../emulator-kit';

const project = operationOf('project');

describe('Roughy → Project → Get Many', () => {
	const kit = useEmulator();
	const seedProject = (input: Parameters<EmulatorControl['createProject']>[0] = {}) =>
		kit.emulator().control.createProject(input);

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
