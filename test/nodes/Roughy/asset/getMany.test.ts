import type { EmulatorControl } from '../../../../emulator';
import { daysAgo, fromList, operationOf, useEmulator } from '../emulator-kit';

const asset = operationOf('asset');

describe('Roughy → Asset → Get Many', () => {
	const kit = useEmulator();
	const seedAsset = (input: Parameters<EmulatorControl['seedAsset']>[0] = {}) =>
		kit.emulator().control.seedAsset(input);
	const ids = (items: Array<{ json: { id?: unknown } }>) => items.map((item) => item.json.id);

	test('lists assets of every project, newest first', async () => {
		const older = seedAsset({ created_at: daysAgo(2) });
		const newer = seedAsset({ created_at: daysAgo(1) });

		const { items } = await kit.run(asset('getMany'));

		expect(ids(items)).toEqual([newer.id, older.id]);
		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: '/v1/assets', query: { limit: '50', offset: '0' } }]);
	});

	test('the project filter lists one project', async () => {
		const project = kit.emulator().control.createProject({ name: 'Episode 42' });
		const inProject = seedAsset({ project_id: project.id });
		seedAsset();

		const { items } = await kit.run(asset('getMany', { filters: { projectId: fromList(project.id) } }));

		expect(ids(items)).toEqual([inProject.id]);
		expect(kit.apiCalls()[0].query).toEqual({ project_id: project.id, limit: '50', offset: '0' });
	});

	test('several states are listed one state at a time and merged newest first', async () => {
		const failed = seedAsset({ state: 'failed', created_at: daysAgo(3) });
		seedAsset({ state: 'processing', created_at: daysAgo(2) });
		const ready = seedAsset({ state: 'ready', created_at: daysAgo(1) });

		const { items } = await kit.run(asset('getMany', { filters: { state: ['failed', 'ready'] } }));

		expect(ids(items)).toEqual([ready.id, failed.id]);
		expect(kit.apiCalls().map((call) => call.query)).toEqual([
			{ state: 'failed', limit: '100', offset: '0' },
			{ state: 'ready', limit: '100', offset: '0' },
		]);
	});

	test('"Created After" and "Created Before" keep assets inside the window', async () => {
		seedAsset({ created_at: daysAgo(10) });
		const inside = seedAsset({ created_at: daysAgo(5) });
		seedAsset({ created_at: daysAgo(1) });

		const { items } = await kit.run(
			asset('getMany', { filters: { createdAfter: daysAgo(7), createdBefore: daysAgo(2) } }),
		);

		expect(ids(items)).toEqual([inside.id]);
	});

	test('"Older Than (Days)" keeps assets created before the cutoff', async () => {
		const oldest = seedAsset({ created_at: daysAgo(40) });
		const old = seedAsset({ created_at: daysAgo(31) });
		seedAsset({ created_at: daysAgo(29) });

		const { items } = await kit.run(asset('getMany', { returnAll: true, filters: { olderThanDays: 30 } }));

		expect(ids(items)).toEqual([old.id, oldest.id]);
	});

	test('date filters read every page, since Roughy cannot filter by date', async () => {
		const old = seedAsset({ created_at: daysAgo(60) });
		for (let index = 0; index < 100; index++) seedAsset({ created_at: daysAgo(1) });

		const { items } = await kit.run(asset('getMany', { limit: 5, filters: { olderThanDays: 30 } }));

		expect(ids(items)).toEqual([old.id]);
		expect(kit.apiCalls().map((call) => call.query)).toEqual([
			{ limit: '100', offset: '0' },
			{ limit: '100', offset: '100' },
		]);
	});

	test('the limit counts matching assets only', async () => {
		const newestOld = seedAsset({ created_at: daysAgo(32) });
		seedAsset({ created_at: daysAgo(33) });
		seedAsset({ created_at: daysAgo(1) });

		const { items } = await kit.run(asset('getMany', { limit: 1, filters: { olderThanDays: 30 } }));

		expect(ids(items)).toEqual([newestOld.id]);
	});

	test('a date that cannot be read fails without calling Roughy', async () => {
		const { error } = await kit.run(asset('getMany', { filters: { createdAfter: '={{ $json.since }}' } }), {
			input: [{ json: { since: 'last tuesday' } }],
		});

		expect(error?.message).toBe('"last tuesday" is not a date and time');
		expect(kit.apiCalls()).toEqual([]);
	});

	test('"Created After" later than "Created Before" fails without calling Roughy', async () => {
		const { error } = await kit.run(
			asset('getMany', { filters: { createdAfter: daysAgo(1), createdBefore: daysAgo(5) } }),
		);

		expect(error?.message).toBe('No asset can match these date filters');
		expect(kit.apiCalls()).toEqual([]);
	});
});
