import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where scripts/n8n-runtime.sh puts Node.js 24 and n8n. Kept in sync with
 * that script by hand: both are small, and the marker check below fails loudly
 * if they drift apart.
 */
export const repoRoot = path.resolve(__dirname, '..', '..');

export type N8nLine = 1 | 2;

export interface N8nRuntime {
	/** 1 → n8n 1.123.x, 2 → n8n 2.40.x (the default), from N8N_LINE as the script reads it. */
	line: N8nLine;
	/** The n8n version scripts/n8n-runtime/n8n-<line>/package.json pins. */
	version: string;
	node24Home: string;
	node24Bin: string;
	/** The folder n8n is installed in (its node_modules holds n8n and everything it loads). */
	n8nPrefix: string;
	n8nBin: string;
}

/** The runtime N8N_LINE selects, read when called, so a script can set the line from its own flags first. */
export function n8nRuntime(): N8nRuntime {
	const raw = (process.env.N8N_LINE ?? '2').replace(/\.x$/, '');
	if (raw !== '1' && raw !== '2') throw new Error(`N8N_LINE must be 1 or 2 (n8n 1.x or 2.x), not "${raw}"`);
	const line = Number(raw) as N8nLine;
	const runtimeDir = process.env.N8N_RUNTIME_DIR ?? path.join(repoRoot, '.cache', 'n8n-runtime');
	const node24Home = path.join(runtimeDir, 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
	const n8nPrefix = path.join(runtimeDir, `n8n-${line}`);
	const pins = JSON.parse(readFileSync(path.join(repoRoot, 'scripts', 'n8n-runtime', `n8n-${line}`, 'package.json'), 'utf8')) as {
		dependencies: { n8n: string };
	};
	return {
		line,
		version: pins.dependencies.n8n,
		node24Home,
		node24Bin: path.join(node24Home, 'bin', 'node'),
		n8nPrefix,
		n8nBin: path.join(n8nPrefix, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** Throws with the command to run when the runtime has not been installed yet. */
export function assertRuntimeInstalled(): N8nRuntime {
	const runtime = n8nRuntime();
	const marker = path.join(runtime.n8nPrefix, '.complete');
	if (!existsSync(marker) || !existsSync(runtime.node24Bin) || !existsSync(runtime.n8nBin)) {
		throw new Error(
			`The real n8n ${runtime.line}.x runtime is not installed in ${runtime.n8nPrefix}. Run N8N_LINE=${runtime.line} bash scripts/n8n-runtime.sh first.`,
		);
	}
	return runtime;
}
