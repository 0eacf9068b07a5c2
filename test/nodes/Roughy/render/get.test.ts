import { byId, fromList, operationOf, UNKNOWN_ID, useEmulator } from '../emulator-kit';
import { renderFixtures } from './render-fixtures';

const render = operationOf('render');

describe('Roughy → Render → Get', () => {
	// Manual timing: renders only move when a test moves them, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const { readyVideo, completedRender } = renderFixtures(kit);

	test('returns the render with a fresh download link once completed', async () => {
		const seeded = completedRender(readyVideo().id);

		const { items } = await kit.run(render('get', { renderId: fromList(seeded.id) }));

		expect(items[0].json).toEqual({ ...seeded, download_url: expect.stringContaining(`/renders/${seeded.id}/`) });
		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: `/v1/renders/${seeded.id}`, query: {} }]);
	});

	test('with continue on fail, an unknown render becomes an error item paired with its input', async () => {
		const seeded = completedRender(readyVideo().id);

		const { items, error } = await kit.run(render('get', { renderId: byId('={{ $json.id }}') }), {
			input: [{ json: { id: seeded.id } }, { json: { id: UNKNOWN_ID } }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.id).toBe(seeded.id);
		expect(items[1].json).toEqual(
			expect.objectContaining({
				error: `Roughy could not find that resource (render ${UNKNOWN_ID})`,
				code: 'not_found',
			}),
		);
	});
});
