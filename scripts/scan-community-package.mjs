/**
 * n8n's pre-verification scan (`@n8n/scan-community-package`), run offline on
 * this checkout and on the tarball `npm pack` makes of it.
 *
 *   node scripts/scan-community-package.mjs [--skip-build] [--verbose]
 *
 * `npx @n8n/scan-community-package <name>` only scans packages published on
 * npm: it checks their npm provenance, downloads the attested GitHub source
 * and the tarball, and lints both. Its linting is exported as
 * `analyzePackage(dir, patterns)`, so this script runs the same two legs with
 * the same patterns on local files: the source (package.json and
 * nodes/credentials .ts) and the packed tarball (compiled .js and
 * package.json). The provenance step cannot apply before publishing.
 *
 * The package targets self-hosted n8n, so n8n's Cloud-only rules find the
 * uploader's runtime dependency (tus-js-client) and its Node built-in imports;
 * the README lists them. This script exits 0 when those documented findings
 * are all there is, and 1 on any other finding (or a failed lint), so CI
 * (.ci/run) catches anything new.
 *
 * The scanner (pinned) is installed from the npm registry into
 * .cache/scan-community-package the first time (~30 s).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
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

// The non-Cloud findings the README documents: Node built-ins and the one
// runtime dependency the streamed uploads and downloads need.
const DOCUMENTED_IMPORTS = new Set(['tus-js-client', 'stream', 'fs/promises']);
const DOCUMENTED_DEPENDENCIES = ['tus-js-client'];

function isDocumented({ ruleId, message }, file) {
	if (ruleId === '@n8n/community-nodes/no-restricted-imports') {
		const imported = /^(?:Import|Require) of '([^']+)' is not allowed/.exec(message)?.[1];
		return DOCUMENTED_IMPORTS.has(imported);
	}
	if (ruleId === '@n8n/community-nodes/no-runtime-dependencies' && path.basename(file) === 'package.json') {
		const dependencies = Object.keys(JSON.parse(readFileSync(file, 'utf8')).dependencies ?? {});
		return dependencies.join() === DOCUMENTED_DEPENDENCIES.join();
	}
	return false;
}

/**
 * analyzePackage(dir, patterns) as the scanner runs it (same ESLint, config,
 * options and file selection), keeping ESLint's results instead of the
 * formatted text analyzePackage returns, so findings can be told apart.
 */
async function lintAsScanner(scanner, dir, patterns) {
	const scannerRequire = createRequire(path.join(scannerDir, 'package.json'));
	const { ESLint } = scannerRequire('eslint');
	const glob = scannerRequire('fast-glob');
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (files.length === 0) throw new Error(`no files match ${patterns.join(', ')} in ${dir}`);
	return (await eslint.lintFiles(files)).flatMap(({ filePath, messages }) =>
		messages.filter((m) => m.severity === 2).map((m) => ({ ...m, file: filePath, where: `${path.relative(repoRoot, filePath)}:${m.line}` })),
	);
}

installScanner();
const { tarball, packageDir } = packAndUnpack();
const scanner = await import(pathToFileURL(path.join(scannerDir, 'scanner', 'scanner.mjs')).href);

const legs = [
	{ name: `source (${scanner.SOURCE_FILE_PATTERNS.join(', ')})`, dir: repoRoot, patterns: scanner.SOURCE_FILE_PATTERNS },
	{ name: `tarball ${path.relative(repoRoot, tarball)} (**/*.js, package.json)`, dir: packageDir, patterns: ['**/*.js', 'package.json'] },
];
let clean = true;
for (const { name, dir, patterns } of legs) {
	const findings = await lintAsScanner(scanner, dir, patterns);
	const unexpected = findings.filter((finding) => !isDocumented(finding, finding.file));
	const documented = findings.length - unexpected.length;
	clean &&= unexpected.length === 0;
	console.log(`${unexpected.length === 0 ? '✅' : '❌'} ${name}: ${unexpected.length} undocumented finding(s), ${documented} documented non-Cloud finding(s)`);
	for (const finding of unexpected) console.log(`   ${finding.where}  ${finding.message}  ${finding.ruleId ?? ''}`);
	if (process.argv.includes('--verbose')) {
		for (const finding of findings.filter((f) => isDocumented(f, f.file))) console.log(`   (documented) ${finding.where}  ${finding.message}`);
	}
}
process.exit(clean ? 0 : 1);
