import type { EmulatorControl } from '../../../../emulator';
import { byId, fromList, operationOf, UNKNOWN_ID, useEmulator } from '../emulator-kit';

const cut = operationOf('cut');

describe('Roughy → Cut → Get', () => {
	// Manual timing: nothing changes state unless a test moves it, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const control = (): EmulatorControl => kit.emulator().control;
	const readyAsset = (format: 'mp3' | 'mp4' = 'mp4') => control().seedAsset({ state: 'ready', format });

	test('returns the cut with its state', async () => {
		const asset = readyAsset();
		const seeded = control().seedCut({ asset_id: asset.id, script: 'Keep the demo' });

		const { items } = await kit.run(cut('get', { cutId: fromList(seeded.id) }));

		expect(items.map((item) => item.json)).toEqual([seeded]);
		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: `/v1/cuts/${seeded.id}`, query: {} }]);
	});

	test('an unknown cut fails with a not-found message naming it', async () => {
		const { error } = await kit.run(cut('get', { cutId: byId(UNKNOWN_ID) }));

		expect(error?.message).toBe(`Roughy could not find that resource (cut ${UNKNOWN_ID})`);
	});
});
