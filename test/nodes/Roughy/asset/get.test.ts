import type { EmulatorControl } from '../../../../emulator';
import { byId, fromList, operationOf, UNKNOWN_ID, useEmulator } from '../emulator-kit';

const asset = operationOf('asset');

describe('Roughy → Asset → Get', () => {
	const kit = useEmulator();
	const seedAsset = (input: Parameters<EmulatorControl['seedAsset']>[0] = {}) =>
		kit.emulator().control.seedAsset(input);

	test('returns the asset with its state, cuttable flag and a download link', async () => {
		const seeded = seedAsset({ state: 'ready', format: 'mp4' });

		const { items, error } = await kit.run(asset('get', { assetId: fromList(seeded.id) }));

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(
			expect.objectContaining({
				id: seeded.id,
				state: 'ready',
				type: 'video',
				extension: 'mp4',
				cuttable: true,
				download_url: expect.stringContaining(kit.emulator().storageUrl),
			}),
		);
		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: `/v1/assets/${seeded.id}`, query: {} }]);
	});

	test('an asset ID from an expression that is not a UUID fails without calling Roughy', async () => {
		const { error } = await kit.run(asset('get', { assetId: byId('={{ $json.asset }}') }), {
			input: [{ json: { asset: 'interview.mp4' } }],
		});

		expect(error?.message).toBe('"interview.mp4" is not a valid asset ID');
		expect(kit.apiCalls()).toEqual([]);
	});

	test('an unknown asset fails with a not-found message naming it', async () => {
		const { error } = await kit.run(asset('get', { assetId: byId(UNKNOWN_ID) }));

		expect(error?.message).toBe(`Roughy could not find that resource (asset ${UNKNOWN_ID})`);
		expect(error).toEqual(expect.objectContaining({ httpCode: '404' }));
	});

	test('an asset of another account is reported as not found', async () => {
		const foreign = seedAsset({ foreign: true });

		const { error } = await kit.run(asset('get', { assetId: byId(foreign.id) }));

		expect(error?.message).toBe(`Roughy could not find that resource (asset ${foreign.id})`);
	});
});
