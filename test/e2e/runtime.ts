import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where scripts/n8n-runtime.sh puts Node.js 24 and n8n. Kept in sync with
 * that script by hand: both are small, and the marker check below fails loudly
 * if they drift apart.
 */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const runtimeDir = process.env.N8N_RUNTIME_DIR ?? path.join(repoRoot, '.cache', 'n8n-runtime');

const nodePackage = `node-${process.platform}-${process.arch}`;
export const node24Home = path.join(runtimeDir, 'node', 'node_modules', nodePackage);
export const node24Bin = path.join(node24Home, 'bin', 'node');
export const n8nBin = path.join(runtimeDir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n');

/** Throws with the command to run when the runtime has not been installed yet. */
export function assertRuntimeInstalled(): { node: string; n8n: string } {
	const marker = path.join(runtimeDir, '.complete');
	if (!existsSync(marker) || !existsSync(node24Bin) || !existsSync(n8nBin)) {
		throw new Error(
			`The real n8n runtime is not installed in ${runtimeDir}. Run scripts/n8n-runtime.sh first (about 7 minutes, ~2 GB).`,
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
