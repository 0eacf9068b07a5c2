import { byId, operationOf, useEmulator } from '../emulator-kit';
import { renderFixtures } from './render-fixtures';

const render = operationOf('render');

describe('Roughy → Render → Get Many', () => {
	// Manual timing: renders only move when a test moves them, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const { control, readyVideo, completedRender } = renderFixtures(kit);

	test('sends the asset, cut, project and state filters to Roughy and returns the matches', async () => {
		const asset = readyVideo();
		const cut = control().seedCut({ asset_id: asset.id });
		const match = control().seedRender({ asset_id: asset.id, cut_id: cut.id, state: 'failed' });
		control().seedRender({ asset_id: asset.id, cut_id: cut.id });
		control().seedRender({ asset_id: asset.id, state: 'failed' });

		const { items } = await kit.run(
			render('getMany', {
				returnAll: true,
				filters: {
					assetId: byId(asset.id),
					cutId: byId(cut.id),
					projectId: byId(asset.project_id),
					state: ['failed', 'cancelled'],
				},
			}),
		);

		expect(items.map((item) => item.json.id)).toEqual([match.id]);
		const filters = { asset_id: asset.id, cut_id: cut.id, project_id: asset.project_id };
		expect(kit.apiCalls()).toEqual([
			{ method: 'GET', path: '/v1/renders', query: { ...filters, state: 'failed', limit: '100', offset: '0' } },
			{ method: 'GET', path: '/v1/renders', query: { ...filters, state: 'cancelled', limit: '100', offset: '0' } },
		]);
	});

	test('Limit returns only that many renders', async () => {
		const asset = readyVideo();
		for (let i = 0; i < 3; i++) completedRender(asset.id);

		const { items } = await kit.run(render('getMany', { returnAll: false, limit: 2 }));

		expect(items).toHaveLength(2);
		expect(kit.apiCalls()[0].query).toEqual({ limit: '2', offset: '0' });
	});
});
