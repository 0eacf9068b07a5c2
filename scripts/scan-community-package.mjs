/**
 * n8n's pre-verification scan (`@n8n/scan-community-package`), run offline on
 * this checkout and on the tarball `npm pack` makes of it.
 *
 *   node scripts/scan-community-package.mjs [--skip-build]
 *
 * `npx @n8n/scan-community-package <name>` only scans packages published on
 * npm: it checks their npm provenance, downloads the attested GitHub source
 * and the tarball, and lints both. Its linting is exported as
 * `analyzePackage(dir, patterns)`, so this script runs the same two legs with
 * the same patterns on local files: the source (package.json and
 * nodes/credentials .ts) and the packed tarball (compiled .js and
 * package.json). The provenance step cannot apply before publishing.
 *
 * The scanner (pinned) is installed from the npm registry into
 * .cache/scan-community-package the first time (~30 s). Exits 1 when either
 * leg has findings.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCANNER_VERSION = '0.32.0';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(repoRoot, '.cache', 'scan-community-package');
const scannerDir = path.join(cacheDir, 'node_modules', '@n8n', 'scan-community-package');
const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

function installScanner() {
	const installed = existsSync(scannerDir) && JSON.parse(readFileSync(path.join(scannerDir, 'package.json'), 'utf8')).version;
	if (installed === SCANNER_VERSION) return;
	console.log(`installing @n8n/scan-community-package@${SCANNER_VERSION} into ${path.relative(repoRoot, cacheDir)}…`);
	mkdirSync(cacheDir, { recursive: true });
	// Its own package.json, so npm neither walks up to this repository nor reads its .npmrc.
	writeFileSync(path.join(cacheDir, 'package.json'), '{ "name": "scan-community-package-runner", "private": true }\n');
	run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `@n8n/scan-community-package@${SCANNER_VERSION}`], cacheDir);
}

function packAndUnpack() {
	if (!process.argv.includes('--skip-build')) run('npm', ['run', 'build'], repoRoot);
	const packDir = path.join(cacheDir, 'pack');
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(path.join(packDir, 'package'), { recursive: true });
	const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], repoRoot));
	run('tar', ['-xzf', path.join(packDir, filename), '-C', path.join(packDir, 'package'), '--strip-components=1'], packDir);
	return { tarball: path.join(packDir, filename), packageDir: path.join(packDir, 'package') };
}

installScanner();
const { tarball, packageDir } = packAndUnpack();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(path.join(scannerDir, 'scanner', 'scanner.mjs')).href);

const legs = [
	{ name: `source (${SOURCE_FILE_PATTERNS.join(', ')})`, result: await analyzePackage(repoRoot, SOURCE_FILE_PATTERNS) },
	{ name: `tarball ${path.relative(repoRoot, tarball)} (**/*.js, package.json)`, result: await analyzePackage(packageDir, ['**/*.js', 'package.json']) },
];
for (const { name, result } of legs) {
	console.log(`${result.passed ? '✅' : '❌'} ${name}: ${result.passed ? 'no findings' : result.message}`);
	if (result.details) console.log(result.details);
}
process.exit(legs.every((leg) => leg.result.passed) ? 0 : 1);
