import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { n8nRuntime } from './runtime';

const run = promisify(execFile);

/** How a user puts the package into n8n. */
export type InstallMethod = 'n8n-installer' | 'readme-manual';

/**
 * The `npm install` arguments n8n's community-package installer runs inside
 * the unpacked package (n8n 2.x: CommunityPackagesService.downloadPackage in
 * packages/cli/src/modules/community-packages/; 1.x: the same method in
 * packages/cli/src/services/community-packages.service.ts). The e2e suite
 * checks this list against the installed n8n's own code (installer.test.ts),
 * so a change in n8n shows up as a failing test, not as a silent difference.
 */
export const N8N_INSTALLER_NPM_INSTALL_ARGS = [
	'install',
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
] as const;

/**
 * The README's manual install, word for word except that the e2e suite names
 * the packed tarball where a user names `n8n-nodes-roughy` from the registry.
 * `--omit=peer` keeps npm from installing the `n8n-workflow` peer: n8n
 * resolves it to its own copy, and a second, newer copy (with ~150 packages,
 * isolated-vm among them) would be loaded by the package instead.
 */
export const README_MANUAL_NPM_INSTALL_ARGS = ['install', '--omit=peer', '--ignore-scripts'] as const;

/** npm as a user runs it next to their n8n: with Node 24 first on PATH, and no npm settings inherited from `npm run`. */
function userNpmEnvironment(): NodeJS.ProcessEnv {
	const clean = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !/^npm_(config|package|lifecycle)_/i.test(key) || /^npm_config_(cache|registry)$/i.test(key),
		),
	);
	return { ...clean, PATH: `${path.join(n8nRuntime().node24Home, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
}

async function npm(args: readonly string[], cwd: string): Promise<void> {
	await run('npm', [...args], { cwd, env: userNpmEnvironment(), maxBuffer: 32 * 1024 * 1024 });
}

/**
 * Installs a packed package into `<userFolder>/.n8n/nodes`. Returns the
 * installed package's folder.
 */
export async function installPackage(userFolder: string, tarball: string, method: InstallMethod): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	return method === 'n8n-installer' ? await installLikeN8nInstaller(nodesDir, tarball) : await installLikeReadme(nodesDir, tarball);
}

/**
 * What Settings → Community Nodes → Install does, step for step. n8n's REST
 * endpoint only takes a package name and fetches it from registry.npmjs.org
 * (a custom registry is a licensed feature), so the steps after its
 * `npm pack` are run here on the local tarball: unpack into
 * node_modules/<name>, drop dev/peer/optional dependencies from its
 * package.json, run n8n's `npm install` there, list it in nodes/package.json.
 */
async function installLikeN8nInstaller(nodesDir: string, tarball: string): Promise<string> {
	const staging = path.join(nodesDir, '.staging');
	mkdirSync(staging, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
	const manifestPath = path.join(staging, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name: string; version: string } & Record<string, unknown>;
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

	const packageDir = path.join(nodesDir, 'node_modules', manifest.name);
	mkdirSync(path.dirname(packageDir), { recursive: true });
	rmSync(packageDir, { recursive: true, force: true });
	await run('mv', [staging, packageDir]);
	await npm(N8N_INSTALLER_NPM_INSTALL_ARGS, packageDir);
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2),
	);
	return packageDir;
}

/** The README's "Manually" path: `npm init -y` if the folder is new, then its npm install. */
async function installLikeReadme(nodesDir: string, tarball: string): Promise<string> {
	await npm(['init', '-y'], nodesDir);
	await npm([...README_MANUAL_NPM_INSTALL_ARGS, tarball], nodesDir);
	const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
	const { name } = JSON.parse(stdout) as { name: string };
	return path.join(nodesDir, 'node_modules', name);
}
