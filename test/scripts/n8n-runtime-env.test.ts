import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The real-n8n runtime is installed by scripts/n8n-runtime.sh, which users
 * reach through `npm run demo` and `npm run test:e2e`. `npm run` hands its
 * scripts this repository's .npmrc as npm_config_* variables, ignore-scripts
 * among them; once, that made the script's native rebuild a silent no-op on
 * every fresh machine. These tests run the script the way users do.
 */
describe('scripts/n8n-runtime.sh under `npm run`', () => {
	// npm's own environment, with nothing inherited from however jest was started.
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

	it('is given ignore-scripts=true by npm (the hostile environment the next test relies on)', async () => {
		const { stdout } = await run('npm', ['run', '--silent', 'env'], { cwd: repoRoot, env, maxBuffer: 8 * 1024 * 1024 });
		expect(stdout).toMatch(/^npm_config_ignore_scripts=true$/m);
	});

	it("runs its own npm commands with install scripts on, so native modules really compile", async () => {
		const { stdout } = await run('npm', ['run', '--silent', 'runtime:npm-config'], { cwd: repoRoot, env });
		expect(stdout.trim()).toBe('ignore-scripts=false');
	});
});
