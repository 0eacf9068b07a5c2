/**
 * npm run bench:download [-- --sizes 1,4 --rounds 3 --database 1]
 *
 * Asset → Download of 1 GiB and 4 GiB media against a Roughy emulator in its
 * own process that serves the bytes from /dev/shm, side by side with curl
 * fetching the same signed URL to the same disk:
 *   node     Roughy → Asset → Download inside n8n-core's engine (test
 *            harness, filesystem binary mode): n8n's httpRequest stream →
 *            prepareBinaryData → n8n's file store
 *   node-db  the same in n8n's database binary mode (queue mode's default),
 *            for the sizes given with --database (n8n refuses more than
 *            1024 MiB there)
 *   curl     curl -o into the same directory
 * Contenders run in their own processes, in a different order every round.
 * Every downloaded file's sha256 is compared with the source's: a mismatch
 * ends the run with an error. Render → Download goes through the same helper
 * (nodes/Roughy/helpers/binary-download.ts).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

import { writeMediaFile } from '../shared/media-file';
import type { RssReport } from '../shared/rss';
import { endRunOnFailure, ROOT, runBounded, startEmulatorProcess, stopProcess, type EmulatorProcess } from '../shared/processes';
import { flag, median, parseResult, sha256OfFile } from '../shared/stats';

const WORK_DIR = path.join(ROOT, '.cache', 'bench-download');
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const CONTENDER_TIMEOUT_MS = 15 * 60_000;
/** The node's targets (issue 16). */
const TARGET_SHARE_OF_CURL = 0.7;
const RSS_BUDGET_MIB = 64;

type ContenderName = 'node' | 'node-db' | 'curl';

interface Result {
	seconds: number;
	bytes: number;
	rss: RssReport;
	sha256: string;
	notes?: string;
}

interface Row {
	sizeGiB: number;
	round: number;
	contender: ContenderName;
	result: Result;
}

async function api<T>(emulator: EmulatorProcess, method: string, route: string, body?: unknown): Promise<T> {
	const response = await fetch(`${emulator.url}${route}`, {
		method,
		headers: { Authorization: `Bearer ${emulator.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
	return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Uploads the file into the emulator (one PATCH), so its bytes sit in /dev/shm; returns the asset id. */
async function uploadSource(emulator: EmulatorProcess, projectId: string, file: string): Promise<string> {
	const { size } = await stat(file);
	const asset = await api<{ id: string; upload_url: string }>(emulator, 'POST', '/v1/assets', { project_id: projectId, size_bytes: size });
	const response = await fetch(asset.upload_url, {
		method: 'PATCH',
		headers: {
			Authorization: `Bearer ${emulator.apiKey}`,
			'Tus-Resumable': '1.0.0',
			'Upload-Offset': '0',
			'Content-Type': 'application/offset+octet-stream',
			'Content-Length': String(size),
		},
		body: Readable.toWeb(createReadStream(file, { highWaterMark: 4 * MIB })) as ReadableStream,
		duplex: 'half',
	} as RequestInit);
	if (response.status !== 204) throw new Error(`The source upload answered ${response.status}`);
	return asset.id;
}

async function signedUrl(emulator: EmulatorProcess, assetId: string): Promise<string> {
	const asset = await api<{ download_url: string | null; state: string }>(emulator, 'GET', `/v1/assets/${assetId}`);
	if (!asset.download_url) throw new Error(`Asset ${assetId} (${asset.state}) has no download_url`);
	return asset.download_url;
}

/** curl under /usr/bin/time for its peak RSS; the baseline is the same curl answering a HEAD. */
async function runCurl(emulator: EmulatorProcess, assetId: string): Promise<Result> {
	const url = await signedUrl(emulator, assetId);
	const output = path.join(WORK_DIR, 'curl-download');
	const timed = (args: string[]) =>
		runBounded('/usr/bin/time', ['-f', 'MAXRSS %M', 'curl', '-sS', ...args], process.env, CONTENDER_TIMEOUT_MS);
	const maxRss = (text: string) => Number(/MAXRSS (\d+)/.exec(text)?.[1]) * 1024;
	const baseline = await timed(['-I', '-o', '/dev/null', url]);
	const download = await timed(['-o', output, '-w', 'CURL %{http_code} %{time_total} %{size_download}\n', url]);
	const [, status, seconds, bytes] = /CURL (\d+) ([\d.]+) (\d+)/.exec(download) ?? [];
	if (status !== '200') throw new Error(`curl's GET answered ${status}`);
	const sha256 = await sha256OfFile(output);
	rmSync(output, { force: true });
	return {
		seconds: Number(seconds),
		bytes: Number(bytes),
		sha256,
		rss: { baselineMiB: maxRss(baseline) / MIB, sampledPeakMiB: maxRss(download) / MIB, growthMiB: (maxRss(download) - maxRss(baseline)) / MIB },
	};
}

async function runNode(emulator: EmulatorProcess, assetId: string, warmUpAssetId: string, mode: 'filesystem' | 'database'): Promise<Result> {
	const env = {
		...process.env,
		// n8n's filesystem store (the harness's temp dir) on the disk curl writes to.
		TMPDIR: WORK_DIR,
		BENCH_BASE_URL: emulator.url,
		BENCH_API_KEY: emulator.apiKey,
		BENCH_ASSET_ID: assetId,
		BENCH_WARM_UP_ASSET_ID: warmUpAssetId,
		BENCH_BINARY_MODE: mode,
		// n8n's largest allowed value (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE); the default is 512.
		BENCH_DB_MAX_FILE_SIZE_MIB: '1024',
	};
	// One process (no tsx wrapper), so the RSS measured is the contender's own.
	const output = await runBounded(process.execPath, ['--import', 'tsx', 'bench/download/contender-node.ts'], env, CONTENDER_TIMEOUT_MS);
	return parseResult<Result>(output);
}

const mbPerSecond = (result: Result) => result.bytes / 1e6 / result.seconds;
/** Whole MiB; curl's growth over its own HEAD baseline can be a few KiB below zero. */
const mib = (value: number) => String(Math.round(value) || 0);

function report(rows: Row[], rounds: number): string {
	const lines = [
		`${rounds} round(s), medians. Targets for the node: ≥ ${TARGET_SHARE_OF_CURL * 100} % of curl's throughput, peak RSS growth ≤ ${RSS_BUDGET_MIB} MiB and flat from 1 to 4 GiB.`,
		'',
		'| File | Contender | MB/s | Share of curl (median of rounds) | Peak RSS growth (MiB) |',
		'|---|---|---:|---:|---:|',
	];
	const checks: string[] = [];
	const nodeRss: number[] = [];
	for (const sizeGiB of [...new Set(rows.map((row) => row.sizeGiB))]) {
		const mine = (contender: ContenderName) => rows.filter((row) => row.sizeGiB === sizeGiB && row.contender === contender);
		const curlOf = (round: number) => rows.find((row) => row.sizeGiB === sizeGiB && row.round === round && row.contender === 'curl');
		for (const contender of ['node', 'node-db', 'curl'] as const) {
			const runs = mine(contender);
			if (runs.length === 0) continue;
			const mbps = median(runs.map((row) => mbPerSecond(row.result)));
			const rss = median(runs.map((row) => row.result.rss.growthMiB));
			// Each round's ratio against curl in the same round, so load that comes and goes cancels out.
			const shares = runs.flatMap((row) => {
				const curl = curlOf(row.round);
				return curl ? [mbPerSecond(row.result) / mbPerSecond(curl.result)] : [];
			});
			const share = shares.length ? median(shares) : undefined;
			lines.push(`| ${sizeGiB} GiB | ${contender} | ${mbps.toFixed(0)} | ${share === undefined ? '' : `${(share * 100).toFixed(0)} %`} | ${mib(rss)} |`);
			if (contender === 'node') {
				nodeRss.push(rss);
				if (share !== undefined) checks.push(`${sizeGiB} GiB: node at ${(share * 100).toFixed(0)} % of curl: ${share >= TARGET_SHARE_OF_CURL ? 'met' : 'NOT met'}`);
				checks.push(`${sizeGiB} GiB: node RSS growth ${mib(rss)} MiB: ${rss <= RSS_BUDGET_MIB ? 'met' : 'NOT met'}`);
			}
		}
	}
	if (nodeRss.length > 1) checks.push(`node RSS growth from the smallest to the largest file: ${nodeRss.map((value) => value.toFixed(0)).join(' → ')} MiB`);
	checks.push('sha256 of every stored file equals the source: checked');
	lines.push('', ...checks.map((check) => `- ${check}`), '', '| File | Round | Contender | Time (s) | MB/s | Peak RSS growth (MiB) | Notes |', '|---|---:|---|---:|---:|---:|---|');
	for (const { sizeGiB, round, contender, result } of rows) {
		lines.push(`| ${sizeGiB} GiB | ${round + 1} | ${contender} | ${result.seconds.toFixed(2)} | ${mbPerSecond(result).toFixed(0)} | ${mib(result.rss.growthMiB)} | ${result.notes ?? ''} |`);
	}
	return lines.join('\n');
}

async function main() {
	const sizes = flag('sizes', '1,4').split(',').map(Number);
	const databaseSizes = flag('database', '1').split(',').map(Number);
	const rounds = Number(flag('rounds', '3'));
	const only = flag('only', 'node,node-db,curl').split(',');
	mkdirSync(WORK_DIR, { recursive: true });
	process.stderr.write(`Load average: ${execFileSync('cat', ['/proc/loadavg']).toString().trim()}\n`);

	const emulator = await startEmulatorProcess(WORK_DIR);
	const rows: Row[] = [];
	try {
		const project = await api<{ id: string }>(emulator, 'POST', '/v1/projects', { name: 'Download benchmark' });
		const warmUpFile = path.join(WORK_DIR, 'warm-up.mp4');
		await writeMediaFile(warmUpFile, 64 * MIB);
		const warmUpAssetId = await uploadSource(emulator, project.id, warmUpFile);
		rmSync(warmUpFile);
		for (const sizeGiB of sizes) {
			const file = path.join(WORK_DIR, `source-${sizeGiB}gib.mp4`);
			process.stderr.write(`Writing and uploading ${file}…\n`);
			await writeMediaFile(file, Math.round(sizeGiB * GIB));
			const expected = await sha256OfFile(file);
			const assetId = await uploadSource(emulator, project.id, file);
			// The emulator's copy in /dev/shm is the source from here on; the disk holds only downloads.
			rmSync(file);
			const contenders = (['node', 'node-db', 'curl'] as const).filter(
				(name) => only.includes(name) && (name !== 'node-db' || databaseSizes.includes(sizeGiB)),
			);
			for (let round = 0; round < rounds; round++) {
				const order = contenders.map((_, index) => contenders[(index + round) % contenders.length]);
				for (const contender of order) {
					process.stderr.write(`${sizeGiB} GiB, round ${round + 1}, ${contender}…\n`);
					execFileSync('sync');
					const result =
						contender === 'curl'
							? await runCurl(emulator, assetId)
							: await runNode(emulator, assetId, warmUpAssetId, contender === 'node' ? 'filesystem' : 'database');
					if (result.sha256 !== expected) {
						throw new Error(`${contender}: the downloaded file's sha256 ${result.sha256} is not the source's ${expected}`);
					}
					rows.push({ sizeGiB, round, contender, result });
					process.stderr.write(`  ${mbPerSecond(result).toFixed(0)} MB/s, RSS +${mib(result.rss.growthMiB)} MiB\n`);
				}
			}
			await api(emulator, 'DELETE', `/v1/assets/${assetId}`);
		}
	} finally {
		await stopProcess(emulator.process);
		rmSync(emulator.storageDir, { recursive: true, force: true });
		rmSync(WORK_DIR, { recursive: true, force: true });
	}
	process.stderr.write(`Load average: ${execFileSync('cat', ['/proc/loadavg']).toString().trim()}\n`);
	process.stdout.write(`${report(rows, rounds)}\n`);
}

endRunOnFailure(main, () => rmSync(WORK_DIR, { recursive: true, force: true }));
