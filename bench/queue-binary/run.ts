/**
 * npm run bench:queue-binary [-- --size-mib 1024 --rounds 3 --modes filesystem,database --round-timeout-s 600]
 *
 * Roughy → Asset → Create of a large file on an n8n worker in queue mode,
 * in n8n's two binary data modes for it: `database` (n8n 2.x's default in
 * queue mode: the bytes go into Postgres) and `filesystem` (one storage
 * folder shared by every process, N8N_BINARY_DATA_STORAGE_PATH).
 *
 * The workflow is the first half of examples/upload-cut-render.json, run by
 * hand on main and offloaded to the worker: HTTP Request downloads the file
 * from a loopback server into n8n's binary data, then Upload to Roughy
 * sends it to the emulator (in this process, storing into /dev/shm). Per
 * round it reports both nodes' time from n8n's execution data, the upload's
 * throughput, and the worker's RSS: the kernel's peak over the whole
 * execution and the sampled peak while each node ran. Every uploaded file is
 * checked against the source's sha256 and deleted. Each mode gets a fresh
 * queue setup (Redis, Postgres, main, worker, webhook process).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

import { writeMediaFile } from '../shared/media-file';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { bindToAccount, createExampleCredential, importExample, readExample, UPLOAD_EXAMPLE } from '../../test/e2e/examples';
import { type Execution, packPackage } from '../../test/e2e/n8n-process';
import { type BinaryDataMode, N8nQueue } from '../../test/e2e/queue/n8n-queue';
import { isAlive, type MemoryWindow, ProcessMemoryWatch } from './worker-memory';

const ROOT = path.resolve(__dirname, '../..');
const MIB = 1024 * 1024;

function flag(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

interface Round {
	mode: BinaryDataMode;
	round: number;
	ok: boolean;
	error?: string;
	downloadSeconds?: number;
	/** The node's whole run: create the asset, send the bytes, wait until Roughy has processed them. */
	uploadSeconds?: number;
	/** First to last byte of the TUS transfer, from the worker's progress log. */
	transferSeconds?: number;
	transferMBps?: number;
	memory?: MemoryWindow;
}

async function serveFile(file: string): Promise<{ url: string; server: Server }> {
	const size = statSync(file).size;
	const server = createServer((request, response) => {
		response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': size, 'content-disposition': 'attachment; filename="large.mp4"' });
		createReadStream(file, { highWaterMark: 4 * MIB }).pipe(response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/large.mp4`, server };
}

async function sha256OfFile(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file, { highWaterMark: 4 * MIB })) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** Start and end (epoch ms) of a node's run in the execution. */
function nodeWindow(execution: Execution, node: string): { start: number; end: number } | undefined {
	const run = execution.data?.resultData.runData[node]?.[0] as { startTime?: number; executionTime?: number } | undefined;
	if (!run?.startTime || run.executionTime === undefined) return undefined;
	return { start: run.startTime, end: run.startTime + run.executionTime };
}

/** Rejects when the worker process dies (the execution then never finishes), with the last lines it printed. */
async function workerDeath(queue: N8nQueue, stopWatching: AbortSignal): Promise<never> {
	while (isAlive(queue.worker.pid!)) {
		if (stopWatching.aborted) return await new Promise<never>(() => undefined);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	const plain = queue.worker.log().split('\n').filter((line) => line.trim() && !line.startsWith('{'));
	const errors = queue.worker.errorLogs().map((entry) => entry.message.split('\n')[0]);
	throw new Error(`the worker died: ${[...errors, ...plain.filter((line) => /^FATAL/.test(line))].join(' / ')}`);
}

/** Seconds from the worker's "Roughy: uploading" line to its 100 % progress line for the asset. */
function transferSeconds(queue: N8nQueue, assetId: string): number | undefined {
	const lines = queue.worker.logEntries().filter((entry) => entry.metadata?.assetId === assetId);
	const at = (entry?: { metadata?: Record<string, unknown> }) => (entry ? Date.parse(String(entry.metadata?.timestamp)) : NaN);
	const started = at(lines.find((entry) => entry.metadata?.function === 'started'));
	const done = at(lines.find((entry) => entry.metadata?.offset !== undefined && entry.metadata.offset === entry.metadata.totalBytes));
	return Number.isFinite(started) && Number.isFinite(done) ? (done - started) / 1000 : undefined;
}

/** The upload example up to its upload: Manual Trigger → Download the video → Upload to Roughy. */
function uploadWorkflow(emulatorProject: { id: string; name: string }, videoUrl: string) {
	const full = bindToAccount(readExample(UPLOAD_EXAMPLE.file), { project: emulatorProject, videoUrl });
	const keep = new Set<string>([UPLOAD_EXAMPLE.trigger, UPLOAD_EXAMPLE.download, UPLOAD_EXAMPLE.upload]);
	const connections = Object.fromEntries(Object.entries(full.connections).filter(([from]) => keep.has(from) && from !== UPLOAD_EXAMPLE.upload));
	return { ...full, name: 'Queue binary benchmark', nodes: full.nodes.filter((node) => keep.has(node.name)), connections };
}

async function runMode(mode: BinaryDataMode, rounds: number, roundTimeoutMs: number, tarball: string, file: string, sourceSha: string): Promise<Round[]> {
	const size = statSync(file).size;
	const storageDir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : ROOT, 'roughy-bench-queue-'));
	const emulator: RunningEmulator = await startEmulator({ storageDir, initialCredits: 100_000 });
	const source = await serveFile(file);
	// Database mode refuses files over 512 MiB unless told otherwise; 1024 is n8n's ceiling.
	const queue = await N8nQueue.start({ packageTarball: tarball, binaryDataMode: mode, env: mode === 'database' ? { N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: '1024' } : {} });
	const results: Round[] = [];
	// Ctrl-C (or a hung round given up on) still stops the three n8n processes, Redis and Postgres.
	const stopOnSignal = () => void queue.stop().finally(() => process.exit(130));
	process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
	try {
		const project = emulator.control.createProject({ name: 'Queue binary benchmark' });
		await createExampleCredential(queue.main, emulator);
		const { id: workflowId } = await importExample(queue.main, uploadWorkflow({ id: project.id, name: 'Queue binary benchmark' }, source.url));
		for (let round = 1; round <= rounds; round++) {
			const watch = new ProcessMemoryWatch(queue.worker.pid!);
			let execution: Execution | undefined;
			let error: string | undefined;
			const watchdog = new AbortController();
			try {
				execution = await Promise.race([
					queue.main.runManually(workflowId, UPLOAD_EXAMPLE.trigger, roundTimeoutMs),
					workerDeath(queue, watchdog.signal),
				]);
			} catch (caught) {
				error = (caught as Error).message;
			} finally {
				watchdog.abort();
			}
			const download = execution && nodeWindow(execution, UPLOAD_EXAMPLE.download);
			const upload = execution && nodeWindow(execution, UPLOAD_EXAMPLE.upload);
			const memory = watch.stop({ ...(download ? { download } : {}), ...(upload ? { upload } : {}) });
			error ??= execution?.data?.resultData.error?.message;
			const asset = execution?.data?.resultData.runData[UPLOAD_EXAMPLE.upload]?.[0]?.data?.main?.[0]?.[0]?.json as { id?: string } | undefined;
			if (!error && asset?.id) {
				const stored = emulator.storedUpload(asset.id);
				if (stored.sha256 !== sourceSha) error = `stored bytes differ from the source (sha256 ${stored.sha256})`;
				await fetch(`${emulator.url}/v1/assets/${asset.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${emulator.apiKey}` } });
			}
			const transfer = asset?.id ? transferSeconds(queue, asset.id) : undefined;
			const ok = !error && execution?.status === 'success' && queue.executionsFinishedOnWorker().has(String(execution.id));
			const result: Round = {
				mode,
				round,
				ok,
				error: ok ? undefined : (error ?? `status ${execution?.status}`),
				downloadSeconds: download && (download.end - download.start) / 1000,
				uploadSeconds: upload && (upload.end - upload.start) / 1000,
				transferSeconds: transfer,
				transferMBps: transfer && size / 1e6 / transfer,
				memory,
			};
			console.log(JSON.stringify(result));
			results.push(result);
			if (!isAlive(queue.worker.pid!)) break;
		}
	} finally {
		process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
		await queue.stop();
		source.server.close();
		await emulator.close();
		rmSync(storageDir, { recursive: true, force: true });
	}
	return results;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function report(rows: Round[], sizeMiB: number): string {
	const lines = [
		`${sizeMiB} MiB file, medians over the successful rounds.`,
		'',
		'| Binary data mode | Rounds ok | Download node (s) | Upload node (s) | Transfer (s) | Transfer MB/s | Worker RSS before (MiB) | Worker peak RSS (MiB) | Peak during upload node (MiB) | Upload peak − before (MiB) |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const mode of [...new Set(rows.map((row) => row.mode))]) {
		const all = rows.filter((row) => row.mode === mode);
		const ok = all.filter((row) => row.ok);
		const m = (pick: (row: Round) => number | undefined) => {
			const values = ok.map(pick).filter((value): value is number => value !== undefined);
			return values.length ? median(values).toFixed(values[0] > 20 ? 0 : 1) : '–';
		};
		lines.push(
			`| ${mode} | ${ok.length}/${all.length} | ${m((r) => r.downloadSeconds)} | ${m((r) => r.uploadSeconds)} | ${m((r) => r.transferSeconds)} | ${m((r) => r.transferMBps)} | ` +
				`${m((r) => r.memory?.baselineMiB)} | ${m((r) => r.memory?.peakMiB)} | ${m((r) => r.memory?.windowPeaksMiB.upload)} | ${m((r) => r.memory && r.memory.windowPeaksMiB.upload - r.memory.baselineMiB)} |`,
		);
		for (const failed of all.filter((row) => !row.ok)) lines.push(`\n${mode} round ${failed.round} failed: ${failed.error}`);
	}
	return lines.join('\n');
}

async function main() {
	const sizeMiB = Number(flag('size-mib', '1024'));
	const rounds = Number(flag('rounds', '3'));
	const modes = flag('modes', 'filesystem,database').split(',') as BinaryDataMode[];
	// In database mode a file of 256 MiB or more hangs its execution (see BENCHMARKS.md): give up on a round after this.
	const roundTimeoutMs = Number(flag('round-timeout-s', '600')) * 1000;
	const workDir = path.join(ROOT, '.cache', 'bench-queue-binary');
	mkdirSync(workDir, { recursive: true });
	const file = path.join(workDir, `media-${sizeMiB}MiB.mp4`);
	try {
		await writeMediaFile(file, sizeMiB * MIB);
		const [sourceSha, tarball] = await Promise.all([sha256OfFile(file), packPackage()]);
		const rows: Round[] = [];
		for (const mode of modes) rows.push(...(await runMode(mode, rounds, roundTimeoutMs, tarball, file, sourceSha)));
		console.log(`\n${report(rows, sizeMiB)}`);
	} finally {
		rmSync(file, { force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
