import type { IPairedItemData } from 'n8n-workflow';

import type { EmulatorControl } from '../../../../emulator';
import type { TestItem } from '../../../harness';
import { UNKNOWN_ID, useEmulator } from '../emulator-kit';

const deleteMany = (fields: Record<string, unknown> = {}) => ({ resource: 'asset', operation: 'deleteMany', ...fields });
const reallyDelete = (fields: Record<string, unknown> = {}) => deleteMany({ dryRun: false, ...fields });
const itemsFor = (...ids: string[]): TestItem[] => ids.map((id) => ({ json: { id } }));

describe('Roughy → Asset → Delete Many', () => {
	const kit = useEmulator({ timing: 'manual' });
	const control = () => kit.emulator().control;
	const seedAsset = (input: Parameters<EmulatorControl['seedAsset']>[0] = {}) => control().seedAsset(input).id;
	const seedAssets = (count: number) => Array.from({ length: count }, () => seedAsset());
	const storedAssets = () => control().snapshot().assets.map((asset) => asset.id);
	const deleteCalls = () => kit.apiCalls().filter((call) => call.method === 'DELETE');
	const pairedIndices = (paired: unknown) =>
		[paired as IPairedItemData | IPairedItemData[]].flat().map((entry) => entry.item);

	test('gives one result per asset, then a summary paired with every input item', async () => {
		const [first, second] = seedAssets(2);

		const { items, error } = await kit.run(reallyDelete(), { input: itemsFor(first, second) });

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json, pairedIndices(item.pairedItem)])).toEqual([
			[{ asset_id: first, result: 'deleted' }, [0]],
			[{ asset_id: second, result: 'deleted' }, [1]],
			[expect.objectContaining({ result: 'summary', dry_run: false, input_items: 2, assets: 2 }), [0, 1]],
		]);
		expect(items[2].json.counts).toEqual({ deleted: 2, would_delete: 0, not_found: 0, skipped: 0, error: 0 });
	});

	test('an asset named by several items is deleted once, and its result answers all of them', async () => {
		const [first, second] = seedAssets(2);

		const { items } = await kit.run(reallyDelete(), { input: itemsFor(first, second, first) });

		expect(deleteCalls()).toHaveLength(2);
		expect(items[0]).toEqual(
			expect.objectContaining({ json: { asset_id: first, result: 'deleted' }, pairedItem: [{ item: 0 }, { item: 2 }] }),
		);
		expect(items.at(-1)?.json).toEqual(expect.objectContaining({ input_items: 3, assets: 2 }));
	});

	test('Dry Run is on by default: nothing is deleted', async () => {
		const asset = seedAsset();

		const { items } = await kit.run(deleteMany(), { input: itemsFor(asset) });

		expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset, result: 'would_delete', dry_run: true }));
		expect(deleteCalls()).toEqual([]);
		expect(storedAssets()).toContain(asset);
	});

	test('an item without a usable asset ID fails the run before anything is deleted', async () => {
		const asset = seedAsset();

		const { error } = await kit.run(reallyDelete(), { input: [{ json: { id: asset } }, { json: { id: 'interview.mp4' } }] });

		expect(error?.message).toBe('"interview.mp4" is not a valid asset ID');
		expect(error?.context?.itemIndex).toBe(1);
		expect(kit.apiCalls()).toEqual([]);
		expect(storedAssets()).toContain(asset);
	});

	test('with "Continue" on error, an unusable ID becomes an error item in its place and the rest is deleted', async () => {
		const [first, second] = seedAssets(2);

		const { items } = await kit.run(reallyDelete(), {
			input: [{ json: { id: first } }, { json: { name: 'take 2' } }, { json: { id: second } }],
			continueOnFail: true,
		});

		expect(items.map((item) => [item.json.asset_id, item.json.result, pairedIndices(item.pairedItem)])).toEqual([
			[first, 'deleted', [0]],
			[null, 'error', [1]],
			[second, 'deleted', [2]],
			[undefined, 'summary', [0, 1, 2]],
		]);
		expect(items[1].json.error).toBe('No asset given');
		expect(items[3].json.counts).toEqual(expect.objectContaining({ deleted: 2, error: 1 }));
	});

	test('without "Treat Not Found as Success", a missing asset fails the node and says how far the run got', async () => {
		const [first, last] = seedAssets(2);

		const { error } = await kit.run(reallyDelete({ treatNotFoundAsSuccess: false }), {
			input: itemsFor(first, UNKNOWN_ID, last),
		});

		expect(error?.message).toBe(`Roughy could not find that resource (asset ${UNKNOWN_ID})`);
		expect(error?.description).toContain('1 of 3 assets were deleted in this run before the error.');
		expect(error?.context?.itemIndex).toBe(1);
		expect(storedAssets()).toEqual([last]);
	});

	test('with "Continue" on error, a missing asset is an error item with Roughy\'s code and message, and the run goes on', async () => {
		const [first, last] = seedAssets(2);

		const { items } = await kit.run(reallyDelete({ treatNotFoundAsSuccess: false }), {
			input: itemsFor(first, UNKNOWN_ID, last),
			continueOnFail: true,
		});

		expect(items[1].json).toEqual(
			expect.objectContaining({
				asset_id: UNKNOWN_ID,
				result: 'error',
				code: 'not_found',
				roughy_message: expect.any(String),
				http_status: 404,
			}),
		);
		expect(items[2].json).toEqual({ asset_id: last, result: 'deleted' });
	});

	test('"Treat Not Found as Success" (the default) reports a missing asset as not_found', async () => {
		const { items, error } = await kit.run(reallyDelete(), { input: itemsFor(UNKNOWN_ID) });

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ asset_id: UNKNOWN_ID, result: 'not_found' });
	});

	test('with "Continue" on error, an error that would hit every asset stops the run and reports the rest as skipped', async () => {
		const assets = seedAssets(3);

		const { items } = await kit.run(reallyDelete({ skipWorkInProgress: false }), {
			input: itemsFor(...assets),
			continueOnFail: true,
			apiKey: 'sk_test_wrong_key_0123456789',
		});

		expect(deleteCalls()).toHaveLength(1);
		expect(items.map((item) => [item.json.result, item.json.code ?? item.json.reason])).toEqual([
			['error', 'unauthenticated'],
			['skipped', 'stopped_after_error'],
			['skipped', 'stopped_after_error'],
			['summary', undefined],
		]);
		expect(items[3].json).toEqual(expect.objectContaining({ stopped_early: true, stop_reason: 'error', remaining: 2 }));
		expect(storedAssets()).toEqual(expect.arrayContaining(assets));
	});

	test('with the in-progress guard off, an asset with a running render is deleted, without any guard lookup', async () => {
		const asset = seedAsset();
		control().seedRender({ asset_id: asset, state: 'processing' });

		const { items } = await kit.run(reallyDelete({ skipWorkInProgress: false }), { input: itemsFor(asset) });

		expect(items[0].json).toEqual({ asset_id: asset, result: 'deleted' });
		expect(kit.apiCalls().map((call) => call.method)).toEqual(['DELETE']);
	});

	test('a dry run skips an asset whose cut is still pending, as the real run would', async () => {
		const asset = seedAsset();
		const cut = control().seedCut({ asset_id: asset, state: 'pending' });

		const { items } = await kit.run(deleteMany(), { input: itemsFor(asset) });

		expect(items[0].json).toEqual(
			expect.objectContaining({
				result: 'skipped',
				reason: 'work_in_progress',
				in_progress: { cuts: [{ id: cut.id, state: 'pending' }], renders: [] },
			}),
		);
	});

	test('stopping the execution ends the run between assets and reports the rest as not deleted', async () => {
		const assets = seedAssets(5);
		// The second DELETE is held long enough for the stop to land while it is in flight.
		kit.emulator().faults.add({ method: 'DELETE', path: '/v1/assets/*', nth: 2, delay: 500 });
		const stop = new AbortController();
		const watcher = setInterval(() => {
			if (deleteCalls().length === 2) stop.abort();
		}, 5);

		const { items, run } = await kit.run(reallyDelete(), { input: itemsFor(...assets), signal: stop.signal });
		clearInterval(watcher);

		expect(run.status).toBe('canceled');
		expect(deleteCalls()).toHaveLength(2);
		expect(storedAssets()).toEqual(expect.arrayContaining(assets.slice(2)));
		expect(items.map((item) => item.json.reason ?? item.json.result)).toEqual([
			'deleted',
			'execution_cancelled',
			'execution_cancelled',
			'execution_cancelled',
			'execution_cancelled',
			'summary',
		]);
		expect(items[1].json.message).toContain('may already be gone');
		expect(items[5].json).toEqual(expect.objectContaining({ stop_reason: 'cancelled', remaining: 4 }));
	});

	describe('Dry Run requests', () => {
		test('for a few assets in a large account, it reads those assets one by one', async () => {
			const [first, second] = seedAssets(450);

			const { items } = await kit.run(deleteMany(), { input: itemsFor(first, second, UNKNOWN_ID) });

			const assetReads = kit.apiCalls().filter((call) => call.path.startsWith('/v1/assets'));
			expect(assetReads).toEqual([
				{ method: 'GET', path: '/v1/assets', query: { limit: '100', offset: '0' } },
				{ method: 'GET', path: `/v1/assets/${first}`, query: {} },
				{ method: 'GET', path: `/v1/assets/${second}`, query: {} },
				{ method: 'GET', path: `/v1/assets/${UNKNOWN_ID}`, query: {} },
			]);
			expect(items.map((item) => item.json.result)).toEqual(['would_delete', 'would_delete', 'not_found', 'summary']);
		});

		test('for many assets, it lists the account once instead of asking about each', async () => {
			const assets = seedAssets(150);
			for (const asset of assets.slice(0, 3)) control().seedCut({ asset_id: asset });

			const { items } = await kit.run(deleteMany(), { input: itemsFor(...assets) });

			expect(kit.apiCalls().filter((call) => call.path.startsWith('/v1/assets'))).toEqual([
				{ method: 'GET', path: '/v1/assets', query: { limit: '100', offset: '0' } },
				{ method: 'GET', path: '/v1/assets', query: { limit: '100', offset: '100' } },
			]);
			expect(kit.apiCalls().filter((call) => call.query.asset_id !== undefined)).toEqual([]);
			expect(items.at(-1)?.json.cascade).toEqual({ cuts: 3, renders: 0, subtitles_estimated: 3 });
		});
	});
});
