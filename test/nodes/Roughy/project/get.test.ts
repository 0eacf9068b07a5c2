import type { EmulatorControl } from '../../../../emulator';
import { byId, fromList, operationOf, UNKNOWN_ID, useEmulator } from '../emulator-kit';

const project = operationOf('project');

describe('Roughy → Project → Get', () => {
	const kit = useEmulator();
	const seedProject = (input: Parameters<EmulatorControl['createProject']>[0] = {}) =>
		kit.emulator().control.createProject(input);

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
