import type { EmulatorControl } from '../../../../emulator';
import { byId, operationOf, useEmulator } from '../emulator-kit';

const project = operationOf('project');

describe('Roughy → Project → Update', () => {
	const kit = useEmulator();
	const seedProject = (input: Parameters<EmulatorControl['createProject']>[0] = {}) =>
		kit.emulator().control.createProject(input);

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
