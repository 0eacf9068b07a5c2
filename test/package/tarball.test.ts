import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

import { githubAnchors } from './github-anchors';

/*
 * The package exactly as npm would publish it from this checkout's dist/:
 * packed by npm, unpacked, and loaded by n8n's own community-package loader.
 * It needs a built dist/ (`.ci/run` builds before `npm test`); a checkout
 * without one fails here with the command to run, never passes silently.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	author: { name: string };
	repository: { url: string };
	n8n: { nodes: string[]; credentials: string[] };
};
const n8nFiles = [...manifest.n8n.nodes, ...manifest.n8n.credentials];

// n8n's codex categories (n8n docs, "Node codex files"); anything else puts
// the node in no category of the nodes panel.
const CODEX_CATEGORIES = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing & Content',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

function filesUnder(dir: string): string[] {
	return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
		.map((file) => path.posix.join(dir, file.split(path.sep).join('/')))
		.sort();
}

/**
 * What the tarball must hold, derived from the sources rather than from
 * package.json's `files`: the JavaScript tsc compiles from every non-test
 * .ts in nodes/ and credentials/, the codex files beside the nodes, the icons
 * gulp copies, index.js and the three documents. No source maps: they point
 * at .ts files the package does not ship and n8n does not run Node with
 * --enable-source-maps, so they would add files without clearer stack traces
 * (the compiled es2022 JavaScript is readable as it is). No .d.ts: n8n loads
 * the .js files its `n8n` section names; nothing imports this package.
 */
function expectedTarballFiles(): string[] {
	const sources = [...filesUnder('nodes'), ...filesUnder('credentials')];
	const compiled = sources
		.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'))
		.map((file) => `dist/${file.replace(/\.ts$/, '.js')}`);
	const codex = sources.filter((file) => file.endsWith('.node.json')).map((file) => `dist/${file}`);
	const icons = filesUnder('icons')
		.filter((file) => /\.(svg|png)$/.test(file))
		.map((file) => `dist/${file}`);
	const documents = ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'index.js'];
	return [...compiled, ...codex, ...icons, ...documents].sort();
}

function run(command: string, args: string[], cwd: string): string {
	return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the published package (npm pack of dist/)', () => {
	let workDir: string;
	let packedFiles: string[];
	let unpacked: string;

	beforeAll(() => {
		const missing = n8nFiles.filter((file) => !existsSync(path.join(repoRoot, file)));
		if (missing.length > 0) {
			throw new Error(
				`dist/ has no ${missing.join(', ')}: run \`npm run build\` first (these tests check the tarball npm packs from dist/).`,
			);
		}
		// Inside the repository so the unpacked package resolves n8n-workflow
		// and tus-js-client from its node_modules, as an installed one would
		// from n8n's.
		mkdirSync(path.join(repoRoot, '.cache'), { recursive: true });
		workDir = mkdtempSync(path.join(repoRoot, '.cache', 'package-test-'));
		const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', workDir], repoRoot)) as Array<{
			filename: string;
			files: Array<{ path: string }>;
		}>;
		packedFiles = packed.files.map((file) => file.path).sort();
		unpacked = path.join(workDir, 'package');
		mkdirSync(unpacked);
		run('tar', ['-xzf', path.join(workDir, packed.filename), '-C', unpacked, '--strip-components=1'], workDir);
	});

	afterAll(() => {
		if (workDir) rmSync(workDir, { recursive: true, force: true });
	});

	it('holds exactly the compiled nodes and credential, codex files, icons, index.js, README, LICENSE, CHANGELOG and package.json', () => {
		const expected = expectedTarballFiles();
		expect(expected).toContain('dist/nodes/Roughy/Roughy.node.js');
		const unexpected = packedFiles.filter((file) => !expected.includes(file));
		const missing = expected.filter((file) => !packedFiles.includes(file));
		if (unexpected.length > 0 || missing.length > 0) {
			throw new Error(
				[
					unexpected.length > 0 && `npm packs files it should not: ${unexpected.join(', ')}`,
					missing.length > 0 && `npm does not pack: ${missing.join(', ')}`,
					'Fix package.json "files"; compiled files of deleted sources mean a stale dist/: rm -rf dist && npm run build.',
				]
					.filter(Boolean)
					.join('\n'),
			);
		}
	});

	it('packs every file named in package.json\'s n8n section', () => {
		expect(n8nFiles.filter((file) => !packedFiles.includes(file))).toEqual([]);
	});

	it('ships the MIT license naming package.json\'s author, and a changelog entry for this version whose README links resolve', () => {
		const license = readFileSync(path.join(unpacked, 'LICENSE'), 'utf8');
		expect(license).toMatch(/^MIT License\n/);
		expect(license).toMatch(new RegExp(`^Copyright \\(c\\) \\d{4} ${manifest.author.name}$`, 'm'));
		expect(JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')).license).toBe('MIT');
		const changelog = readFileSync(path.join(unpacked, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toMatch(new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'));
		const readmeAnchors = githubAnchors(readFileSync(path.join(unpacked, 'README.md'), 'utf8'));
		const changelogAnchors = [...changelog.matchAll(/\]\(README\.md#([^)]+)\)/g)].map((match) => match[1]);
		expect(changelogAnchors.filter((anchor) => !readmeAnchors.includes(anchor))).toEqual([]);
	});

	describe('loaded by n8n\'s community-package loader', () => {
		let loader: PackageDirectoryLoader;

		beforeAll(async () => {
			loader = new PackageDirectoryLoader(unpacked);
			await loader.loadAll();
		});

		it('registers both nodes and the credential under their published names', () => {
			expect(loader.types.nodes.map((node) => node.name).sort()).toEqual(['roughy', 'roughyTrigger']);
			expect(loader.types.credentials.map((credential) => credential.name)).toEqual(['roughyApi']);
		});

		it('resolves every node\'s and the credential\'s light and dark icon to a packed file', () => {
			const described = [...loader.types.nodes, ...loader.types.credentials];
			const iconFiles = described.flatMap(({ iconUrl }) =>
				iconUrl && typeof iconUrl === 'object' ? [iconUrl.light, iconUrl.dark] : [iconUrl],
			);
			expect(iconFiles).toHaveLength(described.length * 2);
			for (const iconFile of iconFiles) {
				const inPackage = String(iconFile).replace(`icons/${manifest.name}/`, '');
				expect(packedFiles).toContain(inPackage);
			}
		});

		it('reads each node\'s codex: n8n categories and documentation links to README sections', () => {
			const readme = readFileSync(path.join(unpacked, 'README.md'), 'utf8');
			const anchors = githubAnchors(readme);
			const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
			for (const node of loader.types.nodes) {
				const codex = node.codex;
				expect({ node: node.name, hasCodex: codex !== undefined }).toEqual({ node: node.name, hasCodex: true });
				expect(codex?.categories?.length).toBeGreaterThan(0);
				for (const category of codex?.categories ?? []) expect(CODEX_CATEGORIES).toContain(category);
				const links = [
					...(codex?.resources?.primaryDocumentation ?? []),
					...(codex?.resources?.credentialDocumentation ?? []),
				].map(({ url }) => url);
				expect(links.length).toBeGreaterThanOrEqual(2);
				for (const link of links) {
					const [base, anchor] = link.split('#');
					expect({ link, base }).toEqual({ link, base: repository });
					expect({ link, anchorInReadme: anchors.includes(anchor) }).toEqual({ link, anchorInReadme: true });
				}
			}
		});
	});
});
