import type { EmulatorControl } from '../../../../emulator';
import { byId, operationOf, UNKNOWN_ID, useEmulator } from '../emulator-kit';

const project = operationOf('project');

describe('Roughy → Project → Delete', () => {
	const kit = useEmulator();
	const seedProject = (input: Parameters<EmulatorControl['createProject']>[0] = {}) =>
		kit.emulator().control.createProject(input);

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
