/**
 * Issue #7: the scheduled cleanup a user imports (examples/scheduled-cleanup.json:
 * Schedule Trigger → two Get Many lists → Merge → Delete Many → summary),
 * run through n8n-core's engine against a rate-limited emulator holding
 * 1,000 assets of mixed states and ages.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, IPairedItemData } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../../emulator';
import { runWorkflow, type TestItem, type WorkflowRunResult } from '../../../harness';
import { exampleWorkflow, STEP } from './example-workflow';
import { seedMixedAccount, type MixedAccount, type SeededAsset } from './mixed-account';
import { registerExampleStandIns } from './stand-ins';

/**
 * Low enough that the node's pacing decides the run time (the client alone
 * manages several times this on two cores), high enough for the file to
 * finish in about a minute.
 */
const RATE_LIMIT = { requestsPerSecond: 25, burst: 25 };
const TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000;

describe('Scheduled cleanup of 1,000 assets (examples/scheduled-cleanup.json)', () => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		registerExampleStandIns();
		// Manual timing: seeded pending/processing work stays unfinished; old pending uploads do not expire.
		emulator = await startEmulator({ timing: 'manual', uploadExpiryMs: TEN_YEARS_MS, rateLimit: RATE_LIMIT });
	});
	afterAll(async () => {
		await emulator?.close();
	});

	function freshAccount(): MixedAccount {
		emulator.control.reset();
		const account = seedMixedAccount(emulator.control);
		emulator.requests.length = 0;
		return account;
	}

	async function runExample(deleteParameters: INodeParameters = {}, pinData?: Record<string, TestItem[]>) {
		return await runWorkflow({
			...exampleWorkflow(deleteParameters),
			credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
			pinData,
		});
	}

	/** What the account holds: asset states, cut ids and render ids. */
	function stored() {
		const snapshot = emulator.control.snapshot();
		return {
			assets: Object.fromEntries(snapshot.assets.map((asset) => [asset.id, asset.state])),
			cuts: snapshot.cuts.map((cut) => cut.id).sort(),
			renders: snapshot.renders.map((render) => render.id).sort(),
		};
	}

	/** `stored()` as it should be once these assets are deleted with everything that belonged to them. */
	function storedWithout(before: ReturnType<typeof stored>, gone: SeededAsset[]) {
		const goneIds = new Set(gone.map((asset) => asset.id));
		const goneWork = new Set(gone.flatMap((asset) => [...asset.cuts, ...asset.renders]));
		return {
			assets: Object.fromEntries(Object.entries(before.assets).filter(([id]) => !goneIds.has(id))),
			cuts: before.cuts.filter((id) => !goneWork.has(id)),
			renders: before.renders.filter((id) => !goneWork.has(id)),
		};
	}

	const deleteOutput = (run: WorkflowRunResult) => run.outputs[STEP.delete]?.[0] ?? [];
	const assetResults = (run: WorkflowRunResult) => deleteOutput(run).filter((item) => item.json.result !== 'summary');
	const summary = (run: WorkflowRunResult) => run.outputs[STEP.summary]?.[0]?.[0]?.json;
	const resultPairs = (run: WorkflowRunResult) => assetResults(run).map((item) => [item.json.asset_id, item.json.result]);
	const deletedIds = () =>
		emulator.requests.filter((request) => request.method === 'DELETE').map((request) => request.path.split('/').pop());
	const expectedResults = (account: MixedAccount, forDeletable: string) =>
		account.cleanupOrder.map((asset) => [asset.id, asset.busy ? 'skipped' : forDeletable]);

	describe('a dry run (the example as imported)', () => {
		let account: MixedAccount;
		let before: ReturnType<typeof stored>;
		let run: WorkflowRunResult;

		beforeAll(async () => {
			account = freshAccount();
			before = stored();
			run = await runExample();
		});

		test('deletes nothing and sends no DELETE', () => {
			expect(run.status).toBe('success');
			expect(deletedIds()).toEqual([]);
			expect(stored()).toEqual(before);
		});

		test('names exactly the failed and old assets, the busy ones as skipped', () => {
			expect(resultPairs(run)).toEqual(expectedResults(account, 'would_delete'));
		});

		test('lists with each asset the cuts, renders and subtitles that would go with it', () => {
			for (const item of assetResults(run).filter((entry) => entry.json.result === 'would_delete')) {
				const seeded = account.byId.get(item.json.asset_id as string)!;
				expect(item.json.counts).toEqual({
					cuts: seeded.cuts.length,
					renders: seeded.renders.length,
					subtitles_estimated: seeded.subtitles,
				});
				expect((item.json.cuts as IDataObject[]).map((cut) => cut.id).sort()).toEqual([...seeded.cuts].sort());
				expect((item.json.renders as IDataObject[]).map((render) => render.id)).toEqual(seeded.renders);
			}
		});

		test('ends with a summary of what would go, cascade included', () => {
			const sum = (pick: (asset: SeededAsset) => number) => account.deletable.reduce((total, asset) => total + pick(asset), 0);
			expect(summary(run)).toEqual(
				expect.objectContaining({
					dry_run: true,
					assets: account.cleanupOrder.length,
					counts: { deleted: 0, would_delete: account.deletable.length, not_found: 0, skipped: account.busy.length, error: 0 },
					cascade: {
						cuts: sum((asset) => asset.cuts.length),
						renders: sum((asset) => asset.renders.length),
						subtitles_estimated: sum((asset) => asset.subtitles),
					},
					stopped_early: false,
				}),
			);
		});
	});

	describe('the real run', () => {
		let account: MixedAccount;
		let before: ReturnType<typeof stored>;
		let run: WorkflowRunResult;
		let requestsOfRun: typeof emulator.requests;

		beforeAll(async () => {
			account = freshAccount();
			before = stored();
			run = await runExample({ dryRun: false, maxDeletions: 1000 });
			requestsOfRun = [...emulator.requests];
		});

		test('deletes exactly the failed and old assets, with their cuts and renders, and nothing else', () => {
			expect(run.status).toBe('success');
			expect(stored()).toEqual(storedWithout(before, account.deletable));
		});

		test('sends one DELETE per deleted asset and none for any other ID', () => {
			expect(deletedIds()).toEqual(account.deletable.map((asset) => asset.id));
		});

		test('reports each asset, paired with every list item that named it', () => {
			const merged = run.outputs[STEP.merge][0];
			const itemsNaming = (assetId: unknown) =>
				merged.flatMap((item, index) => (item.json.id === assetId ? [index] : []));
			const pairedIndices = (item: INodeExecutionData) =>
				[item.pairedItem as IPairedItemData | IPairedItemData[]].flat().map((paired) => paired.item);

			expect(resultPairs(run)).toEqual(expectedResults(account, 'deleted'));
			for (const item of assetResults(run)) expect(pairedIndices(item)).toEqual(itemsNaming(item.json.asset_id));
			expect(account.cleanupOrder.some((asset) => itemsNaming(asset.id).length > 1)).toBe(true);
		});

		test('skips assets whose cuts or renders are still running, and says why', () => {
			const skipped = assetResults(run).filter((item) => item.json.result === 'skipped');
			const after = stored();

			expect(account.busy.length).toBeGreaterThan(0);
			expect(skipped.map((item) => item.json.asset_id)).toEqual(account.busy.map((asset) => asset.id));
			for (const item of skipped) {
				expect(item.json).toEqual(
					expect.objectContaining({
						reason: 'work_in_progress',
						message: expect.stringMatching(/^Not deleted: 1 (render|cut) is still in progress/),
					}),
				);
				expect(after.assets).toHaveProperty(item.json.asset_id as string);
			}
		});

		test('needs no requests beyond the list pages, four guard lookups and one DELETE per asset', () => {
			const answered = requestsOfRun.filter((request) => request.status !== 429);
			const listPages = Math.ceil(account.assets.filter((asset) => asset.state === 'failed').length / 100) + 10;

			expect(answered).toHaveLength(listPages + 4 + account.deletable.length);
		});

		test('run again with the same list, it deletes nothing more: the repeated IDs come back as not_found', async () => {
			const sameList = run.outputs[STEP.merge][0].map((item) => ({ json: item.json }));
			const afterFirst = stored();
			emulator.requests.length = 0;

			const again = await runExample({ dryRun: false, maxDeletions: 1000 }, { [STEP.merge]: sameList });

			expect(stored()).toEqual(afterFirst);
			expect(resultPairs(again)).toEqual(expectedResults(account, 'not_found'));
			expect(summary(again)).toEqual(
				expect.objectContaining({
					counts: { deleted: 0, would_delete: 0, not_found: account.deletable.length, skipped: account.busy.length, error: 0 },
				}),
			);
		});

		test('the next scheduled run finds only the skipped assets and deletes nothing', async () => {
			emulator.requests.length = 0;

			const next = await runExample({ dryRun: false, maxDeletions: 1000 });

			expect(deletedIds()).toEqual([]);
			expect(resultPairs(next)).toEqual(account.busy.map((asset) => [asset.id, 'skipped']));
		});
	});

	describe('with "Max Deletions per Run" at 25', () => {
		let account: MixedAccount;
		let before: ReturnType<typeof stored>;
		let run: WorkflowRunResult;

		beforeAll(async () => {
			account = freshAccount();
			before = stored();
			run = await runExample({ dryRun: false, maxDeletions: 25 });
		});

		test('deletes the first 25 assets of the list and stops', () => {
			const first25 = account.deletable.slice(0, 25);

			expect(deletedIds()).toEqual(first25.map((asset) => asset.id));
			expect(stored()).toEqual(storedWithout(before, first25));
		});

		test('reports the rest as skipped, and the summary says how many remain', () => {
			const notReached = account.deletable.slice(25);
			const lastDeleted = account.cleanupOrder.indexOf(account.deletable[24]);
			const skippedForCap = assetResults(run).filter((item) => item.json.reason === 'max_deletions_reached');

			expect(skippedForCap.map((item) => item.json.asset_id)).toEqual(
				account.cleanupOrder.slice(lastDeleted + 1).filter((asset) => !asset.busy).map((asset) => asset.id),
			);
			expect(summary(run)).toEqual(
				expect.objectContaining({
					counts: expect.objectContaining({ deleted: 25 }),
					max_deletions: 25,
					stopped_early: true,
					stop_reason: 'max_deletions',
					remaining: notReached.length,
				}),
			);
		});
	});

	describe('when Roughy answers 429 along the way', () => {
		let account: MixedAccount;
		let before: ReturnType<typeof stored>;
		let run: WorkflowRunResult;

		beforeAll(async () => {
			account = freshAccount();
			before = stored();
			for (const nth of [3, 60, 120]) {
				emulator.faults.add({ method: 'DELETE', path: '/v1/assets/*', nth, status: 429, retryAfter: 1 });
			}
			emulator.faults.add({ method: 'GET', path: '/v1/assets', nth: 2, status: 429, retryAfter: 1 });
			emulator.faults.add({ method: 'GET', path: '/v1/renders', nth: 1, status: 429, retryAfter: 1 });
			run = await runExample({ dryRun: false, maxDeletions: 1000 });
		});

		test('no item fails: every asset is still deleted once', () => {
			const refused = emulator.requests.filter((request) => request.status === 429);

			expect(refused.length).toBeGreaterThanOrEqual(5);
			expect(run.error).toBeUndefined();
			expect(assetResults(run).filter((item) => item.json.result === 'error')).toEqual([]);
			expect(stored()).toEqual(storedWithout(before, account.deletable));
		});
	});
});
