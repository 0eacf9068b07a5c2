import { N8nInstance, packPackage } from './n8n-process';

/**
 * The package as a user gets it: built, packed by npm, installed into the
 * instance's nodes folder the way n8n installs a community package, and
 * loaded by a real n8n under its published name.
 */
describe('n8n-nodes-roughy installed in a real n8n', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		const tarball = await packPackage();
		n8n = await N8nInstance.start({ packageTarball: tarball });
	});

	afterAll(async () => {
		await n8n?.stop();
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
});
