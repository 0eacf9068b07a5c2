/**
 * `npm run demo`: the package in a real n8n, ready to click through.
 *
 * Builds and packs the package, makes sure Node 24 and n8n are in
 * .cache/n8n-runtime (scripts/n8n-runtime.sh), starts a Roughy emulator with
 * a demo project, starts n8n on loopback with the package installed as a
 * community package, creates the "Roughy account" credential, imports every
 * workflow in examples/ (publishing the trigger ones), prints where to sign
 * in, and runs until Ctrl-C, then stops everything.
 *
 *   npm run demo [-- --emulator-port 8787] [-- --n8n 1]
 *
 * `--n8n 1` (or N8N_LINE=1) runs n8n 1.123.x instead of 2.40.x.
 *
 * The n8n instance is throwaway: its folder under $TMPDIR/n8n-nodes-roughy-e2e/ is removed
 * on exit (N8N_E2E_KEEP=1 keeps it), and the owner password is generated per
 * run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { startEmulator, type RunningEmulator } from '../emulator';
import {
	bindToAccount,
	createExampleCredential,
	CREDENTIAL_NAME,
	exampleFiles,
	importExample,
	readExample,
	seedDemoAccount,
	serveSampleVideo,
} from '../test/e2e/examples';
import { N8nInstance, packPackage } from '../test/e2e/n8n-process';
import { n8nRuntime, repoRoot } from '../test/e2e/runtime';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const say = (message: string) => console.log(`[demo ${elapsed()}] ${message}`);

/** Things to stop on exit, newest first. */
const cleanups: Array<{ name: string; stop: () => Promise<void> }> = [];
let stopping: Promise<void> | undefined;
let startup: Promise<void> = Promise.resolve();

async function stopAll(exitCode: number): Promise<never> {
	stopping ??= (async () => {
		say('stopping…');
		// A Ctrl-C while n8n starts: let it finish starting (n8n is in its own process group), then stop it too.
		await startup.catch(() => undefined);
		for (const { name, stop } of cleanups.reverse()) {
			await stop().catch((error: Error) => console.error(`[demo] could not stop ${name}: ${error.message}`));
		}
		say('stopped');
	})();
	await stopping;
	process.exit(exitCode);
}

function emulatorPort(argv: string[]): number {
	const index = argv.findIndex((arg) => arg === '--emulator-port' || arg.startsWith('--emulator-port='));
	if (index === -1) return 0;
	const raw = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--emulator-port: "${raw}" is not a port`);
	return port;
}

/** `--n8n 1|2` picks the n8n line, as N8N_LINE does for the runtime script and the e2e suites. */
function selectN8nLine(argv: string[]): void {
	const index = argv.findIndex((arg) => arg === '--n8n' || arg.startsWith('--n8n='));
	if (index !== -1) process.env.N8N_LINE = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
}

function ensureRuntime(): void {
	const runtime = n8nRuntime();
	if (!existsSync(path.join(runtime.n8nPrefix, '.complete'))) {
		say(`installing Node 24 and n8n ${runtime.version} into .cache/n8n-runtime (first time only: about 10 minutes and 3 GB)…`);
	}
	execFileSync('bash', [path.join(repoRoot, 'scripts', 'n8n-runtime.sh')], { stdio: 'inherit' });
}

async function main(): Promise<void> {
	const port = emulatorPort(process.argv.slice(2));
	selectN8nLine(process.argv.slice(2));
	say(`n8n ${n8nRuntime().version}`);

	say('building and packing n8n-nodes-roughy…');
	const tarball = await packPackage();
	ensureRuntime();

	const emulator: RunningEmulator = await startEmulator({ port });
	cleanups.push({ name: 'the Roughy emulator', stop: async () => await emulator.close() });
	const account = seedDemoAccount(emulator.control);
	const video = await serveSampleVideo();
	cleanups.push({ name: 'the sample video server', stop: video.close });
	say(`Roughy emulator on ${emulator.url} (project "${account.project.name}")`);

	say('starting n8n with the package installed as a community package (about a minute)…');
	const n8n = await N8nInstance.start({ packageTarball: tarball });
	cleanups.push({ name: 'n8n', stop: async () => await n8n.stop() });
	if (stopping) return;

	await createExampleCredential(n8n, emulator);
	const imported: string[] = [];
	for (const file of exampleFiles()) {
		const workflow = bindToAccount(readExample(file), { project: account.project, videoUrl: video.url });
		const { id } = await importExample(n8n, workflow);
		const isTriggered = workflow.nodes.some((node) => node.type === 'n8n-nodes-roughy.roughyTrigger');
		if (isTriggered) await n8n.publishWorkflow(id);
		imported.push(`  ${workflow.name}${isTriggered ? ' (published)' : ''}\n    ${n8n.baseUrl}/workflow/${id}`);
	}

	console.log(`
n8n ${n8n.runtime.version} ${n8n.baseUrl} is ready (${elapsed()}), with n8n-nodes-roughy and a local Roughy emulator.

  Open       ${n8n.baseUrl}/signin
  Email      ${n8n.owner.email}
  Password   ${n8n.owner.password}      (generated for this run; the instance is local and throwaway)

Workflows from examples/, using the credential "${CREDENTIAL_NAME}" (→ the emulator):
${imported.join('\n')}

Start with "Roughy: upload, cut and render a video": Execute workflow. When its render
finishes, the emulator calls the published trigger workflow (see Executions).

Roughy emulator  ${emulator.url}   API key (local, fake) ${emulator.apiKey}
n8n log          ${n8n.logPath}

Press Ctrl-C to stop n8n and the emulator.`);
}

// on, not once: a second Ctrl-C must not kill this process while n8n (its own process group) still runs.
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

startup = main();
startup.catch(async (error: Error) => {
	console.error(`[demo] ${error.message}`);
	await stopAll(1);
});
