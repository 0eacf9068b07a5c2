import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import type { EmulatorControl } from '../../../../emulator';
import { roughyNode } from '../../../harness';
import { buildAdditionalData } from '../../../harness/additional-data';
import { nodeTypes } from '../../../harness/node-types';
import { getHarnessServices } from '../../../harness/services';
import {
	createWorkflow,
	credentialsHelperFor,
	HARNESS_WORKFLOW_ID,
	withCredentialReferences,
} from '../../../harness/workflow-setup';
import { daysAgo, fromList, useEmulator } from '../emulator-kit';

type SearchMethod = 'searchProjects' | 'searchAssets' | 'searchCuts' | 'searchRenders';

describe('Roughy "From list" searches', () => {
	const kit = useEmulator();
	const control = (): EmulatorControl => kit.emulator().control;

	/**
	 * Calls a list search the way the editor does: n8n's CLI builds a
	 * LoadOptionsContext for the node as currently configured and calls the
	 * method with the search text and the page token.
	 */
	async function searchList(
		method: SearchMethod,
		options: { filter?: string; paginationToken?: string; parameters?: INodeParameters; apiKey?: string } = {},
	): Promise<INodeListSearchResult> {
		await getHarnessServices();
		const [node] = withCredentialReferences([roughyNode(options.parameters ?? { resource: 'asset', operation: 'get' })]);
		const workflow = createWorkflow({ nodes: [node], connections: {} });
		const additionalData = buildAdditionalData({
			credentialsHelper: await credentialsHelperFor({
				baseUrl: kit.emulator().url,
				apiKey: options.apiKey ?? kit.emulator().apiKey,
			}),
			workflowId: HARNESS_WORKFLOW_ID,
		});
		additionalData.currentNodeParameters = node.parameters;
		const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.id');
		const search = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).methods?.listSearch?.[method];
		if (!search) throw new Error(`The Roughy node has no list search ${method}`);
		return await search.call(context, options.filter, options.paginationToken);
	}

	describe('projects', () => {
		test('are listed by name, archived ones last and marked', async () => {
			const archived = control().createProject({ name: 'Old show', state: 'archived' });
			const older = control().createProject({ name: 'Episode 41', created_at: daysAgo(2) });
			const newer = control().createProject({ name: 'Episode 42', created_at: daysAgo(1) });

			const first = await searchList('searchProjects');
			const second = await searchList('searchProjects', { paginationToken: first.paginationToken });

			expect(first.results).toEqual([
				{ name: 'Episode 42', value: newer.id },
				{ name: 'Episode 41', value: older.id },
			]);
			expect(second).toEqual({ results: [{ name: 'Old show (archived)', value: archived.id }] });
		});

		test('the search text matches names regardless of case', async () => {
			control().createProject({ name: 'Interview with Ada' });
			const wanted = control().createProject({ name: 'Episode 42' });

			const { results } = await searchList('searchProjects', { filter: 'episode' });

			expect(results).toEqual([{ name: 'Episode 42', value: wanted.id }]);
		});

		test('pages of 100 continue where the last one stopped', async () => {
			for (let index = 0; index < 101; index++) control().createProject({ name: `Project ${index}` });

			const first = await searchList('searchProjects');
			const second = await searchList('searchProjects', { paginationToken: first.paginationToken });
			const third = await searchList('searchProjects', { paginationToken: second.paginationToken });

			expect(first.results).toHaveLength(100);
			expect(second.results).toHaveLength(1);
			expect(third).toEqual({ results: [] });
			expect(kit.apiCalls().map((call) => call.query)).toEqual([
				{ state: 'active', limit: '100', offset: '0' },
				{ state: 'active', limit: '100', offset: '100' },
				{ state: 'archived', limit: '100', offset: '0' },
			]);
		});
	});

	describe('assets', () => {
		test('are named by type, state, creation time and ID', async () => {
			const asset = control().seedAsset({ format: 'mp4', state: 'ready', created_at: '2026-05-02T08:54:52.423000Z' });

			const { results } = await searchList('searchAssets');

			expect(results).toEqual([
				{ name: `video · ready · 2026-05-02 08:54 UTC · ${asset.id.slice(0, 8)}…${asset.id.slice(-6)}`, value: asset.id },
			]);
		});

		test('an asset whose type is not known yet still gets a readable name', async () => {
			control().seedAsset({ state: 'pending_upload' });

			const { results } = await searchList('searchAssets');

			expect(results[0].name).toMatch(/^unknown type · pending_upload · /);
		});

		test('the search text matches the state or a piece of the ID', async () => {
			const ready = control().seedAsset({ state: 'ready' });
			const failed = control().seedAsset({ state: 'failed' });

			expect((await searchList('searchAssets', { filter: 'fail' })).results.map((r) => r.value)).toEqual([failed.id]);
			expect((await searchList('searchAssets', { filter: ready.id.slice(-12) })).results.map((r) => r.value)).toEqual([
				ready.id,
			]);
		});
	});

	test('a search reads further pages until something matches, so the list is not empty', async () => {
		const failed = control().seedAsset({ state: 'failed', created_at: daysAgo(30) });
		for (let index = 0; index < 100; index++) control().seedAsset({ state: 'ready', created_at: daysAgo(1) });

		const { results } = await searchList('searchAssets', { filter: 'failed' });

		expect(results.map((result) => result.value)).toEqual([failed.id]);
		expect(kit.apiCalls().map((call) => call.query.offset)).toEqual(['0', '100']);
	});

	describe('cuts', () => {
		test('are named by state, script and creation time', async () => {
			const asset = control().seedAsset();
			const cut = control().seedCut({ asset_id: asset.id, script: 'Welcome back to the show, today we talk about rough cuts' });

			const { results } = await searchList('searchCuts');

			expect(results).toEqual([
				{ name: expect.stringMatching(/^completed · "Welcome back to the show, toda…" · /), value: cut.id },
			]);
		});

		test('only list cuts of the asset chosen in the node', async () => {
			const asset = control().seedAsset();
			const mine = control().seedCut({ asset_id: asset.id });
			control().seedCut({ asset_id: control().seedAsset().id });

			const { results } = await searchList('searchCuts', {
				parameters: { resource: 'render', operation: 'create', assetId: fromList(asset.id) },
			});

			expect(results.map((result) => result.value)).toEqual([mine.id]);
			expect(kit.apiCalls()[0].query).toEqual({ asset_id: asset.id, limit: '100', offset: '0' });
		});
	});

	describe('renders', () => {
		test('are named by output, state and creation time', async () => {
			const asset = control().seedAsset({ format: 'mp4' });
			const render = control().seedRender({ asset_id: asset.id, output: { format: 'mp4', resolution: '1080p' } });

			const { results } = await searchList('searchRenders');

			expect(results).toEqual([{ name: expect.stringMatching(/^mp4 1080p · completed · /), value: render.id }]);
		});
	});

	test('a wrong API key is reported, not shown as an empty list', async () => {
		await expect(searchList('searchAssets', { apiKey: 'sk_test_wrong_key_0123456789' })).rejects.toThrow(
			'Roughy rejected the API key',
		);
	});
});
