import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { repoRoot } from './runtime';

/**
 * Makes sure Node 24 and n8n are in .cache/n8n-runtime before any suite
 * starts: instant when the cache is complete, about 8 minutes on a fresh clone.
 */
export default function ensureN8nRuntime(): void {
	execFileSync('bash', [path.join(repoRoot, 'scripts', 'n8n-runtime.sh')], { stdio: 'inherit' });
}
