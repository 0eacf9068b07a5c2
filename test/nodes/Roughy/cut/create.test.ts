import type { EmulatorControl } from '../../../../emulator';
import { byId, fromList, operationOf, useEmulator, waitFields, whenAnswered } from '../emulator-kit';

const cut = operationOf('cut');

describe('Roughy → Cut → Create', () => {
	// Manual timing: nothing changes state unless a test moves it, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const control = (): EmulatorControl => kit.emulator().control;
	const readyAsset = (format: 'mp3' | 'mp4' = 'mp4') => control().seedAsset({ state: 'ready', format });
	const cutStatuses = () =>
		kit
			.emulator()
			.requests.filter((request) => request.method === 'POST' && request.path === '/v1/cuts')
			.map((request) => request.status);

	test('creates a cut of a ready asset with the script exactly as given', async () => {
		const asset = readyAsset();
		const script = '  Three ways to start a podcast.\nFirst: just press record.  ';

		const { items, error } = await kit.run(cut('create', { assetId: fromList(asset.id), script }));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ asset_id: asset.id, state: 'pending', script }),
		]);
		expect(kit.apiBodies()).toEqual([{ asset_id: asset.id, script }]);
	});

	test('an empty script creates a cut without a script', async () => {
		const asset = readyAsset();

		const { items } = await kit.run(cut('create', { assetId: byId(asset.id), script: '' }));

		expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset.id, script: null }));
		expect(kit.apiBodies()).toEqual([{ asset_id: asset.id }]);
	});

	test('the same asset and script again returns the existing cut', async () => {
		const asset = readyAsset();
		const parameters = cut('create', { assetId: byId(asset.id), script: 'Intro and outro only.' });

		const first = await kit.run(parameters);
		const second = await kit.run(parameters);

		expect(second.error).toBeUndefined();
		expect(second.items[0].json.id).toBe(first.items[0].json.id);
		expect(cutStatuses()).toEqual([201, 200]);
	});

	test('a different script makes a new cut of the same asset', async () => {
		const asset = readyAsset();

		const first = await kit.run(cut('create', { assetId: byId(asset.id), script: 'Version A' }));
		const second = await kit.run(cut('create', { assetId: byId(asset.id), script: 'Version B' }));

		expect(second.items[0].json.id).not.toBe(first.items[0].json.id);
		expect(cutStatuses()).toEqual([201, 201]);
	});

	test('a script over 100,000 characters is refused before anything is sent', async () => {
		const asset = readyAsset();

		const { error } = await kit.run(cut('create', { assetId: byId(asset.id), script: 'a'.repeat(100_001) }));

		expect(error?.message).toBe('The script is too long: 100,001 characters');
		expect(error?.description).toContain('Nothing was sent to Roughy');
		expect(kit.apiCalls()).toEqual([]);
	});

	test('a script of exactly 100,000 characters, emoji counted as one, is sent', async () => {
		const asset = readyAsset();
		const script = '🎬'.repeat(100_000);

		const { error } = await kit.run(cut('create', { assetId: byId(asset.id), script }));

		expect(error).toBeUndefined();
		expect(cutStatuses()).toEqual([201]);
	});

	test('with Wait for Completion, returns the cut once Roughy has completed it', async () => {
		const asset = readyAsset();
		const [{ items, error }] = await Promise.all([
			kit.run(cut('create', { assetId: byId(asset.id), ...waitFields })),
			whenAnswered(kit.emulator(), { method: 'POST', path: '/v1/cuts', status: 201 }).then(() =>
				control().advanceAll(),
			),
		]);

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset.id, state: 'completed' }));
		expect(kit.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
			'POST /v1/cuts',
			`GET /v1/cuts/${items[0].json.id}`,
		]);
	});

	test('with Wait for Completion, an asset still being prepared is waited for and the cut then created', async () => {
		const asset = control().seedAsset({ state: 'processing', format: 'mp4' });
		const emulator = kit.emulator();
		const [{ items, error }] = await Promise.all([
			kit.run(cut('create', { assetId: byId(asset.id), ...waitFields })),
			whenAnswered(emulator, { method: 'POST', path: '/v1/cuts', status: 409 }).then(async () => {
				control().setAssetState(asset.id, 'ready');
				await whenAnswered(emulator, { method: 'POST', path: '/v1/cuts', status: 201 });
				control().advanceAll();
			}),
		]);

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset.id, state: 'completed' }));
		expect(cutStatuses()).toEqual([409, 201]);
	});

	test('without waiting, an asset still being prepared fails with Roughy\'s advice', async () => {
		const asset = control().seedAsset({ state: 'processing', format: 'mp4' });

		const { error } = await kit.run(cut('create', { assetId: byId(asset.id) }));

		expect(error?.message).toBe(`The asset is still being prepared (asset ${asset.id})`);
		expect(error?.description).toContain('Roughy suggests retrying in 1 s');
		expect(error?.context?.roughyErrorCode).toBe('asset_processing');
		expect(cutStatuses()).toEqual([409]);
	});

	test('a cut that fails while waiting ends in an error with Roughy\'s code and the cut ID', async () => {
		const asset = readyAsset();
		const [{ error }] = await Promise.all([
			kit.run(cut('create', { assetId: byId(asset.id), ...waitFields })),
			whenAnswered(kit.emulator(), { method: 'POST', path: '/v1/cuts', status: 201 }).then(() => {
				const created = control().snapshot().cuts[0];
				control().failCut(created.id, 'transcript_empty', 'No speech was found in the asset.');
			}),
		]);

		const cutId = control().snapshot().cuts[0].id;
		expect(error?.message).toBe(
			`The cut ${cutId} ended as "failed": No speech was found in the asset. (transcript_empty)`,
		);
		expect(error?.context).toEqual(
			expect.objectContaining({ roughyErrorCode: 'transcript_empty', entityId: cutId, itemIndex: 0 }),
		);
	});
});
