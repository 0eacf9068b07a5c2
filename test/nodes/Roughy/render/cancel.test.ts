import { byId, operationOf, useEmulator } from '../emulator-kit';
import { renderFixtures } from './render-fixtures';

const render = operationOf('render');

describe('Roughy → Render → Cancel', () => {
	// Manual timing: renders only move when a test moves them, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const { control, readyVideo, completedRender } = renderFixtures(kit);

	test('cancels a processing render', async () => {
		const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });

		const { items, error } = await kit.run(render('cancel', { renderId: byId(seeded.id) }));

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(
			expect.objectContaining({ render_id: seeded.id, result: 'cancelled', state: 'cancelled' }),
		);
		expect(kit.apiCalls()).toEqual([{ method: 'POST', path: `/v1/renders/${seeded.id}/cancel`, query: {} }]);
	});

	test('cancelling a render that already finished fails and says how it ended', async () => {
		const seeded = completedRender(readyVideo().id);

		const { error } = await kit.run(render('cancel', { renderId: byId(seeded.id) }));

		expect(error?.message).toBe(`Render ${seeded.id} has already finished as "completed"; there is nothing to cancel`);
		expect(error?.description).toContain('Treat Already Finished as Success');
	});

	test('with Treat Already Finished as Success, a finished render gives an already_finished item', async () => {
		const seeded = completedRender(readyVideo().id);

		const { items, error } = await kit.run(
			render('cancel', { renderId: byId(seeded.id), treatFinishedAsSuccess: true }),
		);

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(
			expect.objectContaining({ render_id: seeded.id, result: 'already_finished', state: 'completed' }),
		);
		expect(kit.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
			`POST /v1/renders/${seeded.id}/cancel`,
			`GET /v1/renders/${seeded.id}`,
		]);
	});

	test('with Treat Already Finished as Success, an already cancelled render gives an already_finished item', async () => {
		const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'cancelled' });

		const { items } = await kit.run(render('cancel', { renderId: byId(seeded.id), treatFinishedAsSuccess: true }));

		expect(items[0].json).toEqual(
			expect.objectContaining({ render_id: seeded.id, result: 'already_finished', state: 'cancelled' }),
		);
	});

	describe('Cancel, when Roughy reports a cancellation as a failure', () => {
		test('a render that failed with the code "cancelled" counts as already cancelled', async () => {
			const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });
			control().failRender(seeded.id, 'cancelled', 'The render was cancelled.');

			const { error } = await kit.run(render('cancel', { renderId: byId(seeded.id) }));

			expect(error?.message).toBe(`Render ${seeded.id} has already finished as "cancelled"; there is nothing to cancel`);
		});
	});
});
