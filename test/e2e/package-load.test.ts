import { existsSync } from 'node:fs';
import path from 'node:path';

import { startEmulator } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import type { InstallMethod } from './install-package';
import { N8nInstance, packPackage } from './n8n-process';
import { n8nRuntime } from './runtime';

/**
 * The package as a user gets it: built, packed by npm, installed into the
 * instance's nodes folder the way n8n's installer does it and the way the
 * README's manual path says, and loaded by a real n8n under its published name.
 */
describe.each<InstallMethod>(['n8n-installer', 'readme-manual'])(
	`n8n-nodes-roughy installed in a real n8n ${n8nRuntime().version} (%s)`,
	(installMethod) => {
		let n8n: N8nInstance;
		let emulator: RunningEmulator;

		beforeAll(async () => {
			const tarball = await packPackage();
			[n8n, emulator] = await Promise.all([N8nInstance.start({ packageTarball: tarball, installMethod }), startEmulator()]);
		});

		it("installs no copy of n8n-workflow beside the package (it must use n8n's own)", () => {
			const nodeModules = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules');
			expect(existsSync(path.join(nodeModules, 'n8n-nodes-roughy', 'package.json'))).toBe(true);
			expect(existsSync(path.join(nodeModules, 'n8n-workflow'))).toBe(false);
			expect(existsSync(path.join(nodeModules, 'n8n-nodes-roughy', 'node_modules', 'n8n-workflow'))).toBe(false);
			expect(existsSync(path.join(nodeModules, 'isolated-vm'))).toBe(false);
		});

		afterAll(async () => {
			await Promise.all([n8n?.stop(), emulator?.close()]);
		});

		it('loads without errors in the n8n log', () => {
			expect(n8n.log()).not.toMatch(/Failed to load package "n8n-nodes-roughy"|Class could not be found/);
			expect(n8n.errorLogs()).toEqual([]);
		});

		it('registers the Roughy node under the package name', async () => {
			expect(await n8n.nodeTypeNames()).toContain('n8n-nodes-roughy.roughy');
		});

		it('registers the Roughy API credential type', async () => {
			const credentialTypes = await n8n.credentialTypeNames();
			expect(credentialTypes).toContain('roughyApi');
		});

		it('runs the Roughy node with a stored credential against the emulator', async () => {
			const credential = await n8n.createCredential({
				name: 'Roughy (emulator)',
				type: 'roughyApi',
				data: { apiKey: emulator.apiKey, baseUrl: emulator.url },
			});
			const trigger = 'When clicking ‘Execute workflow’';
			const workflow = await n8n.createWorkflow({
				name: 'Roughy credit balance',
				nodes: [
					{
						name: trigger,
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						name: 'Get credit balance',
						type: 'n8n-nodes-roughy.roughy',
						typeVersion: 1,
						position: [220, 0],
						parameters: { resource: 'credits', operation: 'balance' },
						credentials: {
							roughyApi: { id: credential.id, name: 'Roughy (emulator)' },
						},
					},
				],
				connections: {
					[trigger]: {
						main: [[{ node: 'Get credit balance', type: 'main', index: 0 }]],
					},
				},
			});

			const execution = await n8n.runManually(workflow.id, trigger);

			expect(execution.data?.resultData.error).toBeUndefined();
			expect(execution.status).toBe('success');
			expect(execution.data?.resultData.runData['Get credit balance'][0].data?.main?.[0]).toEqual([
				expect.objectContaining({ json: { balance: 1000 } }),
			]);
			expect(emulator.requests).toContainEqual(
				expect.objectContaining({
					method: 'GET',
					path: '/v1/credits/balance',
					status: 200,
				}),
			);
		});
	},
);
