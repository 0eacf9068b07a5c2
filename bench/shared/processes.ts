import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export const ROOT = path.resolve(__dirname, '../..');

/** Every process a benchmark started, so an interrupted run can end them all. */
export const children = new Set<ChildProcess>();

export interface EmulatorProcess {
	url: string;
	storageUrl: string;
	apiKey: string;
	process: ChildProcess;
	storageDir: string;
}

/**
 * The emulator in its own process, so its CPU and memory are not the
 * contender's. It stores uploads in memory-backed storage when there is
 * some, so the numbers are the clients' and not this machine's disk.
 * Node runs the emulator directly (no tsx launcher process), so its pid is
 * the server's. BENCH_EMULATOR_CPU=<cpus> pins it with taskset, e.g. to keep
 * it off the cores a contender runs on.
 */
export async function startEmulatorProcess(fallbackDir: string, extraArgs: string[] = []): Promise<EmulatorProcess> {
	const base = existsSync('/dev/shm') ? '/dev/shm' : fallbackDir;
	const storageDir = mkdtempSync(path.join(base, 'roughy-bench-emulator-'));
	const nodeArgs = ['--import', 'tsx', 'emulator/cli.ts', '--json', '--storage-dir', storageDir, ...extraArgs];
	const pin = process.env.BENCH_EMULATOR_CPU;
	const child = pin
		? spawn('taskset', ['-c', pin, process.execPath, ...nodeArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
		: spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
	children.add(child);
	const line = await new Promise<string>((resolve, reject) => {
		const lines = readline.createInterface({ input: child.stdout! });
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
	});
	const { url, storageUrl, apiKey } = JSON.parse(line) as { url: string; storageUrl: string; apiKey: string };
	return { url, storageUrl, apiKey, process: child, storageDir };
}

export async function stopProcess(child: ChildProcess) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
	children.delete(child);
}

/** Runs a command with a deadline; resolves with its stdout and stderr. */
export function runBounded(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		children.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (data) => (stdout += data));
		child.stderr.on('data', (data) => (stderr += data));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			if (code === 0) resolve(stdout + stderr);
			else reject(new Error(`${command} ${args.join(' ')} ended with ${code ?? signal}:\n${stderr.slice(-4000)}`));
		});
	});
}

/** Ends every started process and removes the work dir when the run is interrupted or fails. */
export function endRunOnFailure(main: () => Promise<void>, cleanUp: () => void) {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			for (const child of children) child.kill('SIGKILL');
			cleanUp();
			process.exit(130);
		});
	}
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		for (const child of children) child.kill('SIGKILL');
		cleanUp();
		process.exit(1);
	});
}
