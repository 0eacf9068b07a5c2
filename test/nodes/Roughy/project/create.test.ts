import { operationOf, useEmulator } from '../emulator-kit';

const project = operationOf('project');

describe('Roughy → Project → Create', () => {
	const kit = useEmulator();

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
