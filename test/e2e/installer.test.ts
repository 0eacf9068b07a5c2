import { readFileSync } from 'node:fs';
import path from 'node:path';

import { N8N_INSTALLER_NPM_INSTALL_ARGS } from './install-package';
import { assertRuntimeInstalled } from './runtime';

/**
 * The e2e suites install the packed package "the way n8n's community-package
 * installer does" (install-package.ts). That claim is checked here against the
 * installed n8n's own code, so an n8n that changes its npm flags fails this
 * test instead of silently differing from what users get.
 */
describe("n8n's community-package installer", () => {
	const runtime = assertRuntimeInstalled();
	const service = readFileSync(
		path.join(runtime.n8nPrefix, 'node_modules', 'n8n', 'dist', 'modules', 'community-packages', 'community-packages.service.js'),
		'utf8',
	);

	it(`runs npm install in the unpacked package with exactly our flags (n8n ${runtime.version})`, () => {
		// Every option literal in the service, minus `npm pack --quiet`, tar's and the registry's.
		const n8nFlags = [...service.matchAll(/['`](--[a-z-]+=?[^'`$]*)['`]/g)]
			.map((match) => match[1])
			.filter((flag) => !['--quiet', '--strip-components=1'].includes(flag));

		expect(service).toMatch(/\['install',|'install'/);
		expect([...new Set(n8nFlags)].sort()).toEqual(N8N_INSTALLER_NPM_INSTALL_ARGS.filter((arg) => arg !== 'install').sort());
	});

	it('drops the dev, peer and optional dependencies from the package.json before installing', () => {
		expect(service).toMatch(/const \{ devDependencies, peerDependencies, optionalDependencies, \.\.\.packageJson \}/);
	});
});
