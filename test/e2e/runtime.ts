import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where scripts/n8n-runtime.sh puts Node.js 24 and n8n. Kept in sync with
 * that script by hand: both are small, and the marker check below fails loudly
 * if they drift apart.
 *
 * N8N_LINE picks the n8n line (1 → n8n 1.123.x, 2 → n8n 2.40.x, the default),
 * as it does for the script.
 */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const runtimeDir = process.env.N8N_RUNTIME_DIR ?? path.join(repoRoot, '.cache', 'n8n-runtime');

export type N8nLine = 1 | 2;

export function n8nLine(): N8nLine {
	const raw = (process.env.N8N_LINE ?? '2').replace(/\.x$/, '');
	if (raw !== '1' && raw !== '2') throw new Error(`N8N_LINE must be 1 or 2 (n8n 1.x or 2.x), not "${raw}"`);
	return Number(raw) as N8nLine;
}

export const line = n8nLine();
const nodePackage = `node-${process.platform}-${process.arch}`;
export const node24Home = path.join(runtimeDir, 'node', 'node_modules', nodePackage);
export const node24Bin = path.join(node24Home, 'bin', 'node');
export const n8nPrefix = path.join(runtimeDir, `n8n-${line}`);
export const n8nBin = path.join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n');

/** The n8n version the chosen line pins (scripts/n8n-runtime/n8n-<line>/package.json). */
export const pinnedN8nVersion: string = (
	JSON.parse(readFileSync(path.join(repoRoot, 'scripts', 'n8n-runtime', `n8n-${line}`, 'package.json'), 'utf8')) as {
		dependencies: { n8n: string };
	}
).dependencies.n8n;

/** Throws with the command to run when the runtime has not been installed yet. */
export function assertRuntimeInstalled(): { node: string; n8n: string } {
	const marker = path.join(n8nPrefix, '.complete');
	if (!existsSync(marker) || !existsSync(node24Bin) || !existsSync(n8nBin)) {
		throw new Error(
			`The real n8n ${line}.x runtime is not installed in ${n8nPrefix}. Run N8N_LINE=${line} scripts/n8n-runtime.sh first.`,
		);
	}
	const versions = Object.fromEntries(
		readFileSync(marker, 'utf8')
			.trim()
			.split(/\s+/)
			.map((pair) => pair.split('=') as [string, string]),
	);
	return { node: versions.node, n8n: versions.n8n };
}
