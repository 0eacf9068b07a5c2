import type { EmulatorControl } from '../../../../emulator';
import { byId, operationOf, useEmulator } from '../emulator-kit';

const cut = operationOf('cut');

describe('Roughy → Cut → Get Many', () => {
	// Manual timing: nothing changes state unless a test moves it, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const control = (): EmulatorControl => kit.emulator().control;
	const readyAsset = (format: 'mp3' | 'mp4' = 'mp4') => control().seedAsset({ state: 'ready', format });

	test('sends the asset, project and state filters to Roughy and returns the matches', async () => {
		const asset = readyAsset();
		const other = readyAsset();
		const completed = control().seedCut({ asset_id: asset.id, script: 'A' });
		control().seedCut({ asset_id: asset.id, script: 'B', state: 'failed' });
		control().seedCut({ asset_id: other.id, script: 'C' });

		const { items } = await kit.run(
			cut('getMany', {
				returnAll: true,
				filters: { assetId: byId(asset.id), projectId: byId(asset.project_id), state: ['completed'] },
			}),
		);

		expect(items.map((item) => item.json.id)).toEqual([completed.id]);
		expect(kit.apiCalls()).toEqual([
			{
				method: 'GET',
				path: '/v1/cuts',
				query: { asset_id: asset.id, project_id: asset.project_id, state: 'completed', limit: '100', offset: '0' },
			},
		]);
	});

	test('Limit returns only that many cuts, newest first', async () => {
		const asset = readyAsset();
		for (const script of ['one', 'two', 'three']) control().seedCut({ asset_id: asset.id, script });

		const { items } = await kit.run(cut('getMany', { returnAll: false, limit: 2 }));

		expect(items.map((item) => item.json.script)).toEqual(['three', 'two']);
	});
});
