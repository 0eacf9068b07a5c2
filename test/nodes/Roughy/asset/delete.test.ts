import type { INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import type { EmulatorControl } from '../../../../emulator';
import { byId, UNKNOWN_ID, useEmulator } from '../emulator-kit';

const deleteAsset = (assetId: INodeParameterResourceLocator, fields: INodeParameters = {}): INodeParameters => ({
	resource: 'asset',
	operation: 'delete',
	assetId,
	...fields,
});

describe('Roughy → Asset → Delete', () => {
	const kit = useEmulator();
	const control = () => kit.emulator().control;
	const seedAsset = (input: Parameters<EmulatorControl['seedAsset']>[0] = {}) => control().seedAsset(input);
	/** An asset with two cuts and a render of one of them, plus another asset's cut that must stay. */
	const seedAssetWithWork = () => {
		const asset = seedAsset({ format: 'mp4' });
		const firstCut = control().seedCut({ asset_id: asset.id, script: 'Intro' });
		const secondCut = control().seedCut({ asset_id: asset.id });
		const render = control().seedRender({ asset_id: asset.id, cut_id: firstCut.id, output: { format: 'mp4' } });
		const bystander = control().seedCut({ asset_id: seedAsset().id });
		return { asset, cuts: [firstCut, secondCut], render, bystander };
	};
	const stored = () => {
		const snapshot = control().snapshot();
		return {
			assets: snapshot.assets.map((entry) => entry.id),
			cuts: snapshot.cuts.map((entry) => entry.id),
			renders: snapshot.renders.map((entry) => entry.id),
		};
	};

	test('deletes the asset and reports it as deleted', async () => {
		const asset = seedAsset();

		const { items, error } = await kit.run(deleteAsset(byId(asset.id)));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ asset_id: asset.id, result: 'deleted' }]);
		expect(kit.apiCalls()).toEqual([{ method: 'DELETE', path: `/v1/assets/${asset.id}`, query: {} }]);
		expect(stored().assets).not.toContain(asset.id);
	});

	test('a delete whose answer was lost is retried and reported as deleted', async () => {
		const asset = seedAsset();
		kit.emulator().faults.add({ method: 'DELETE', path: `/v1/assets/${asset.id}`, when: 'after', reset: true });

		const { items, error } = await kit.run(deleteAsset(byId(asset.id)));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ asset_id: asset.id, result: 'deleted' }]);
		expect(kit.apiCalls().map((call) => call.method)).toEqual(['DELETE', 'DELETE']);
		expect(stored().assets).not.toContain(asset.id);
	});

	test('a delete of an asset that never existed is still an error without "Treat Not Found as Success"', async () => {
		kit.emulator().faults.add({ method: 'DELETE', path: `/v1/assets/${UNKNOWN_ID}`, status: 503 });

		const { error } = await kit.run(deleteAsset(byId(UNKNOWN_ID)));

		// The 503 means the first attempt was never carried out, so the 404 that
		// follows is a real "not found", not the trace of our own delete.
		expect(error?.message).toContain('could not find');
	});

	test("deletes the asset's cuts and renders with it", async () => {
		const { asset, cuts, render, bystander } = seedAssetWithWork();

		await kit.run(deleteAsset(byId(asset.id)));

		expect(stored().cuts).toEqual([bystander.id]);
		expect(stored().renders).not.toContain(render.id);
		expect(stored().cuts).not.toContain(cuts[0].id);
	});

	test('an asset that does not exist is an error by default', async () => {
		const { items, error } = await kit.run(deleteAsset(byId(UNKNOWN_ID)));

		expect(items).toEqual([]);
		expect(error?.message).toBe(`Roughy could not find that resource (asset ${UNKNOWN_ID})`);
		expect(error?.context?.roughyErrorCode).toBe('not_found');
	});

	test('"Treat Not Found as Success" reports a missing asset as not_found', async () => {
		const { items, error } = await kit.run(deleteAsset(byId(UNKNOWN_ID), { treatNotFoundAsSuccess: true }));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ asset_id: UNKNOWN_ID, result: 'not_found' }]);
	});

	test('"Treat Not Found as Success" still fails on a wrong API key', async () => {
		const asset = seedAsset();

		const { error } = await kit.run(deleteAsset(byId(asset.id), { treatNotFoundAsSuccess: true }), {
			apiKey: 'sk_test_wrong_key_0123456789',
		});

		expect(error?.message).toBe(`Roughy rejected the API key (asset ${asset.id})`);
		expect(stored().assets).toContain(asset.id);
	});

	test('deleting a list of assets gives one result per asset, the same asset twice included', async () => {
		const first = seedAsset();
		const second = seedAsset();

		const { items } = await kit.run(deleteAsset(byId('={{ $json.id }}'), { treatNotFoundAsSuccess: true }), {
			input: [{ json: { id: first.id } }, { json: { id: second.id } }, { json: { id: first.id } }],
		});

		expect(items).toEqual([
			expect.objectContaining({ json: { asset_id: first.id, result: 'deleted' }, pairedItem: { item: 0 } }),
			expect.objectContaining({ json: { asset_id: second.id, result: 'deleted' }, pairedItem: { item: 1 } }),
			expect.objectContaining({ json: { asset_id: first.id, result: 'not_found' }, pairedItem: { item: 2 } }),
		]);
	});

	test('with "Continue" on error, a bad ID becomes an error item and the other items still run', async () => {
		const asset = seedAsset();

		const { items } = await kit.run(deleteAsset(byId('={{ $json.id }}')), {
			input: [{ json: { id: 'not-an-id' } }, { json: { id: asset.id } }],
			continueOnFail: true,
		});

		expect(items).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ error: '"not-an-id" is not a valid asset ID' }),
				pairedItem: { item: 0 },
			}),
			expect.objectContaining({ json: { asset_id: asset.id, result: 'deleted' }, pairedItem: { item: 1 } }),
		]);
		expect(kit.apiCalls()).toEqual([{ method: 'DELETE', path: `/v1/assets/${asset.id}`, query: {} }]);
	});

	describe('Dry Run', () => {
		test('lists the asset with the cuts and renders a delete would remove', async () => {
			const { asset, cuts, render } = seedAssetWithWork();

			const { items, error } = await kit.run(deleteAsset(byId(asset.id), { dryRun: true }));

			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			const preview = items[0].json;
			expect(preview).toEqual(
				expect.objectContaining({
					asset_id: asset.id,
					result: 'would_delete',
					dry_run: true,
					counts: { cuts: 2, renders: 1, subtitles_estimated: 2 },
				}),
			);
			expect(preview.asset).toEqual(expect.objectContaining({ id: asset.id, state: 'ready', type: 'video' }));
			expect((preview.cuts as Array<{ id: string }>).map((cut) => cut.id).sort()).toEqual(
				cuts.map((cut) => cut.id).sort(),
			);
			expect((preview.renders as Array<{ id: string }>).map((entry) => entry.id)).toEqual([render.id]);
		});

		test('deletes nothing and sends no DELETE', async () => {
			const { asset, cuts, render } = seedAssetWithWork();

			await kit.run(deleteAsset(byId(asset.id), { dryRun: true }));

			expect(kit.apiCalls()).toEqual([
				{ method: 'GET', path: `/v1/assets/${asset.id}`, query: {} },
				{ method: 'GET', path: '/v1/cuts', query: { asset_id: asset.id, limit: '100', offset: '0' } },
				{ method: 'GET', path: '/v1/renders', query: { asset_id: asset.id, limit: '100', offset: '0' } },
			]);
			expect(stored().assets).toContain(asset.id);
			expect(stored().cuts).toEqual(expect.arrayContaining(cuts.map((cut) => cut.id)));
			expect(stored().renders).toContain(render.id);
		});

		test('leaves the short-lived download link out of the preview', async () => {
			const asset = seedAsset();

			const { items } = await kit.run(deleteAsset(byId(asset.id), { dryRun: true }));

			expect(items[0].json.asset).not.toHaveProperty('download_url');
			expect(JSON.stringify(items[0].json)).not.toContain('X-Amz-Signature');
		});

		test('counts every cut, beyond the first page', async () => {
			const asset = seedAsset();
			for (let index = 0; index < 101; index++) control().seedCut({ asset_id: asset.id, script: `Take ${index}` });

			const { items } = await kit.run(deleteAsset(byId(asset.id), { dryRun: true }));

			expect(items[0].json.counts).toEqual({ cuts: 101, renders: 0, subtitles_estimated: 101 });
			expect(kit.apiCalls().filter((call) => call.path === '/v1/cuts')).toHaveLength(2);
		});

		test('a missing asset is not_found with "Treat Not Found as Success"', async () => {
			const { items } = await kit.run(
				deleteAsset(byId(UNKNOWN_ID), { dryRun: true, treatNotFoundAsSuccess: true }),
			);

			expect(items.map((item) => item.json)).toEqual([
				{ asset_id: UNKNOWN_ID, result: 'not_found', dry_run: true },
			]);
			expect(kit.apiCalls().map((call) => call.method)).toEqual(['GET']);
		});
	});
});
