import { readBinary } from '../../../harness';
import { byId, operationOf, useEmulator } from '../emulator-kit';
import { renderFixtures } from './render-fixtures';

const render = operationOf('render');

describe('Roughy → Render → Download', () => {
	// Manual timing: renders only move when a test moves them, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const { control, readyVideo, completedRender } = renderFixtures(kit);

	test('downloads a completed render without sending the API key to the storage host', async () => {
		const seeded = completedRender(readyVideo().id);

		const { items, error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(seeded);
		expect(items[0].binary?.data).toEqual(
			expect.objectContaining({ fileName: `${seeded.id}.mp4`, mimeType: 'video/mp4' }),
		);
		expect((await readBinary(items[0])).length).toBe(seeded.size_bytes);
		expect(kit.storageCalls()).toEqual([
			expect.objectContaining({ method: 'GET', path: `/renders/${seeded.id}/${seeded.id}.mp4`, authorization: false, status: 200 }),
		]);
	});

	test('a render still processing cannot be downloaded yet', async () => {
		const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });

		const { error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

		expect(error?.message).toBe(`Render ${seeded.id} is not finished yet (state "processing")`);
		expect(error?.description).toContain('Only completed renders can be downloaded');
		expect(kit.storageCalls()).toEqual([]);
	});

	test('a render that failed with the code "cancelled" is reported as cancelled', async () => {
		const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });
		control().failRender(seeded.id, 'cancelled', 'The render was cancelled.');

		const { error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

		expect(error?.message).toBe(`Render ${seeded.id} was cancelled, so it has no file`);
	});

	test('a failed render has no file, and the error gives Roughy\'s reason', async () => {
		const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'failed' });

		const { error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

		expect(error?.message).toBe(`Render ${seeded.id} failed, so it has no file`);
		expect(error?.description).toContain('Roughy says: The render failed. (render_failed)');
		expect(error?.context?.roughyErrorCode).toBe('render_failed');
	});
});

describe('Roughy → Render → Download with short-lived links', () => {
	// Links live 2 s here; the first storage request is held for 3 s, so its link has expired.
	const kit = useEmulator({ timing: 'manual', downloadUrlTtlSeconds: 2 });
	const { control, completedRender } = renderFixtures(kit);

	test('an expired download link is refreshed once and the file downloaded', async () => {
		const seeded = completedRender(control().seedAsset({ state: 'ready', format: 'mp4' }).id);
		kit.emulator().faults.add({ method: 'GET', path: '/renders/**', delay: 3_000 });

		const { items, error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

		expect(error).toBeUndefined();
		expect((await readBinary(items[0])).length).toBe(seeded.size_bytes);
		expect(kit.storageCalls().map((call) => call.status)).toEqual([403, 200]);
		expect(kit.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
			`GET /v1/renders/${seeded.id}`,
			`GET /v1/renders/${seeded.id}`,
		]);
	});
});
