/**
 * npm run bench:upload [-- --sizes 1,4 --chunk 32 --rounds 1 --only node,curl --node-chunks 16,32,64]
 *
 * Streams 1 GiB and 4 GiB media files to a Roughy emulator running in its
 * own process, three ways, and reports throughput and peak RSS growth:
 *   node   Roughy → Asset → Create inside n8n-core's engine (test harness,
 *          filesystem binary mode): n8n binary stream → re-chunker →
 *          tus-js-client → n8n's httpRequestWithAuthentication
 *   tus    tus-js-client used directly on the file (fs.ReadStream source,
 *          its own Node HTTP stack), same chunk size
 *   tus+src tus-js-client with the node's chunk source but its own Node HTTP
 *          stack: the node's data path without n8n's request helpers
 *   curl   curl -T: the whole file in one PATCH
 * Every contender runs in its own process; the stored bytes are checked
 * against the file's sha256 after each upload, and each asset is deleted
 * right after, so the emulator never holds more than one file. Generated
 * files live in .cache/bench-upload/ and are removed at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { writeMediaFile } from '../shared/media-file';
import { endRunOnFailure, ROOT, runBounded as runWithin, startEmulatorProcess, stopProcess, type EmulatorProcess as Emulator } from '../shared/processes';
import { processCpuSeconds } from '../shared/process-cpu';
import { flag, median, parseResult, sha256OfFile } from '../shared/stats';
import { deleteAsset, type ContenderResult } from './contender-env';

const WORK_DIR = path.join(ROOT, '.cache', 'bench-upload');
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** No contender may take longer than this for one file; the whole run is bounded by it. */
const CONTENDER_TIMEOUT_MS = 15 * 60_000;
/** Every contender first uploads a file of this size once, unmeasured. */
const WARM_UP_BYTES = Number(process.env.BENCH_WARM_UP_MIB ?? 256) * 1024 ** 2;

type ContenderName = 'node' | 'tus' | 'tus+src' | 'curl';
const CONTENDERS: ContenderName[] = ['node', 'tus', 'tus+src', 'curl'];

async function createProject(emulator: Emulator): Promise<string> {
	const response = await fetch(`${emulator.url}/v1/projects`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${emulator.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ name: 'Upload benchmark' }),
	});
	if (response.status !== 201) throw new Error(`POST /v1/projects answered ${response.status}`);
	return ((await response.json()) as { id: string }).id;
}

async function storedSha256(emulator: Emulator, assetId: string): Promise<{ sha256: string; bytesReceived: number }> {
	const response = await fetch(`${emulator.url}/__emulator/uploads/${assetId}`);
	return (await response.json()) as { sha256: string; bytesReceived: number };
}

function runBounded(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
	return runWithin(command, args, env, CONTENDER_TIMEOUT_MS);
}

async function runTsContender(script: string, env: NodeJS.ProcessEnv): Promise<ContenderResult> {
	// One process (no tsx wrapper), so the RSS measured is the contender's own.
	// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every contender process there.
	const args = [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []), '--import', 'tsx', script];
	return parseResult<ContenderResult>(await runBounded(process.execPath, args, env));
}

/** curl under /usr/bin/time for its peak RSS; the baseline is the same curl answering a HEAD. */
async function runCurl(emulator: Emulator, file: string, size: number, projectId: string): Promise<ContenderResult> {
	const response = await fetch(`${emulator.url}/v1/assets`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${emulator.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ project_id: projectId, size_bytes: size }),
	});
	const asset = (await response.json()) as { id: string; upload_url: string };
	const headers = [
		'-H', `Authorization: Bearer ${emulator.apiKey}`,
		'-H', 'Tus-Resumable: 1.0.0',
	];
	const timed = (args: string[]) => runBounded('/usr/bin/time', ['-f', 'MAXRSS %M CPU %U %S', 'curl', '-sS', '-o', '/dev/null', ...args], process.env);
	const baseline = await timed(['-I', ...headers, asset.upload_url]);
	const serverCpuAtStart = processCpuSeconds(emulator.process.pid!);
	const upload = await timed([
		'-X', 'PATCH', '-T', file,
		...headers,
		'-H', 'Upload-Offset: 0',
		'-H', 'Content-Type: application/offset+octet-stream',
		// No "Expect: 100-continue" round trip before the body.
		'-H', 'Expect:',
		'-w', 'CURL %{http_code} %{time_total}\n',
		asset.upload_url,
	]);
	const maxRss = (output: string) => Number(/MAXRSS (\d+)/.exec(output)?.[1]) * 1024;
	const [, status, seconds] = /CURL (\d+) ([\d.]+)/.exec(upload) ?? [];
	const [, user, system] = /CPU ([\d.]+) ([\d.]+)/.exec(upload) ?? [];
	if (status !== '204') throw new Error(`curl's PATCH answered ${status}`);
	return {
		seconds: Number(seconds),
		bytes: size,
		assetId: asset.id,
		cpuSeconds: Number(user) + Number(system),
		...(serverCpuAtStart !== undefined && { serverCpuSeconds: processCpuSeconds(emulator.process.pid!)! - serverCpuAtStart }),
		rss: {
			baselineMiB: maxRss(baseline) / MIB,
			sampledPeakMiB: maxRss(upload) / MIB,
			growthMiB: (maxRss(upload) - maxRss(baseline)) / MIB,
		},
	};
}

interface Row {
	sizeGiB: number;
	round: number;
	contender: ContenderName;
	/** The contender's name in the report: `node@32` when several node chunk sizes run. */
	label: string;
	chunkMiB: number;
	result: ContenderResult;
}

function mbPerSecond(result: ContenderResult) {
	return result.bytes / 1e6 / result.seconds;
}

/** CPU seconds per GiB uploaded (NaN when not measured). */
function perGiB(cpuSeconds: number | undefined, result: ContenderResult) {
	return (cpuSeconds ?? NaN) / (result.bytes / 1024 ** 3);
}

/** Throughput target for the node: this share of curl's, measured in the same round. */
const CURL_SHARE_TARGET = 0.75;

/**
 * Medians per file size and contender, the targets checked, then every
 * round. The share of curl is the median of each round's own ratio (node and
 * curl run one after the other in a round), which a shared machine's drift
 * between rounds disturbs less than a ratio of medians.
 */
function report(rows: Row[], chunkMiB: number, rounds: number): string {
	const labels = [...new Set(rows.map((row) => row.label))];
	const lines = [
		`Chunk size ${chunkMiB} MiB unless the contender says (node@N: N MiB; curl: one PATCH), ${rounds} round(s), medians. RSS budget for the node: 2 × chunk + 64 MiB.`,
		'',
		'| File | Contender | MB/s | Share of curl (median of rounds) | CPU s per GiB: contender | CPU s per GiB: emulator | Peak RSS growth (MiB) |',
		'|---|---|---:|---:|---:|---:|---:|',
	];
	const checks: string[] = [];
	for (const sizeGiB of [...new Set(rows.map((row) => row.sizeGiB))]) {
		const of = (label: string) => rows.filter((row) => row.sizeGiB === sizeGiB && row.label === label);
		const curlOf = (round: number) => of('curl').find((row) => row.round === round);
		const stat = (label: string) => {
			const mine = of(label);
			if (mine.length === 0) return undefined;
			const shares = mine.flatMap((row) => {
				const curl = curlOf(row.round);
				return curl ? [mbPerSecond(row.result) / mbPerSecond(curl.result)] : [];
			});
			return {
				mbps: median(mine.map((row) => mbPerSecond(row.result))),
				share: shares.length ? median(shares) : undefined,
				rss: median(mine.map((row) => row.result.rss.growthMiB)),
				cpuPerGiB: median(mine.map((row) => perGiB(row.result.cpuSeconds, row.result))),
				serverCpuPerGiB: median(mine.map((row) => perGiB(row.result.serverCpuSeconds, row.result))),
				chunkMiB: mine[0].chunkMiB,
			};
		};
		const tus = stat('tus');
		for (const label of labels) {
			const value = stat(label);
			if (!value) continue;
			const share = value.share === undefined || label === 'curl' ? '' : `${(value.share * 100).toFixed(0)} %`;
			lines.push(`| ${sizeGiB} GiB | ${label} | ${value.mbps.toFixed(0)} | ${share} | ${value.cpuPerGiB.toFixed(2)} | ${value.serverCpuPerGiB.toFixed(2)} | ${value.rss.toFixed(0)} |`);
			if (!label.startsWith('node')) continue;
			const budget = 2 * value.chunkMiB + 64;
			if (tus) checks.push(`${sizeGiB} GiB, ${label}: ${value.mbps >= tus.mbps ? '≥' : '<'} tus-js-client direct (${((value.mbps / tus.mbps) * 100).toFixed(0)} %)`);
			if (value.share !== undefined) {
				const met = value.share >= CURL_SHARE_TARGET ? 'met' : 'not met';
				checks.push(`${sizeGiB} GiB, ${label}: ${(value.share * 100).toFixed(0)} % of curl (target ≥ ${CURL_SHARE_TARGET * 100} %: ${met})`);
			}
			checks.push(`${sizeGiB} GiB, ${label}: RSS growth ${value.rss.toFixed(0)} MiB ${value.rss <= budget ? '≤' : '>'} ${budget} MiB`);
		}
	}
	lines.push('', ...checks.map((check) => `- ${check}`), '', '| File | Round | Contender | Time (s) | MB/s | Peak RSS growth (MiB) | Notes |', '|---|---:|---|---:|---:|---:|---|');
	for (const { sizeGiB, round, label, result } of rows) {
		lines.push(
			`| ${sizeGiB} GiB | ${round + 1} | ${label} | ${result.seconds.toFixed(1)} | ${mbPerSecond(result).toFixed(0)} | ${result.rss.growthMiB.toFixed(0)} | ${result.notes ?? ''} |`,
		);
	}
	return lines.join('\n');
}

async function main() {
	const sizes = flag('sizes', '1,4').split(',').map(Number);
	// The node's default chunk size (Asset → Create).
	const chunkMiB = Number(flag('chunk', '32'));
	const rounds = Number(flag('rounds', '1'));
	const only = flag('only', CONTENDERS.join(',')).split(',') as ContenderName[];
	// The node can run at several chunk sizes in the same rounds, to choose its default.
	const nodeChunks = flag('node-chunks', String(chunkMiB)).split(',').map(Number);
	mkdirSync(WORK_DIR, { recursive: true });

	// The emulator checksums each upload only when the bench asks for it, after the measured window.
	const emulator = await startEmulatorProcess(WORK_DIR, ['--upload-hashing', 'on-demand']);
	const rows: Row[] = [];
	try {
		const projectId = await createProject(emulator);
		const warmUpFile = path.join(WORK_DIR, 'warm-up.mp4');
		await writeMediaFile(warmUpFile, WARM_UP_BYTES);
		for (const sizeGiB of sizes) {
			const file = path.join(WORK_DIR, `bench-${sizeGiB}gib.mp4`);
			const size = Math.round(sizeGiB * GIB);
			process.stderr.write(`Writing ${file}…\n`);
			await writeMediaFile(file, size);
			// Hashing also brings the file into the page cache, so the first contender is not penalised.
			const expected = await sha256OfFile(file);
			const env = {
				...process.env,
				BENCH_BASE_URL: emulator.url,
				BENCH_API_KEY: emulator.apiKey,
				BENCH_PROJECT_ID: projectId,
				BENCH_FILE: file,
				BENCH_CHUNK_BYTES: String(chunkMiB * MIB),
				BENCH_WARM_UP_FILE: warmUpFile,
				BENCH_SERVER_PID: String(emulator.process.pid),
			};
			for (let round = 0; round < rounds; round++) {
				const runs = CONTENDERS.filter((name) => only.includes(name)).flatMap((contender): Array<{ contender: ContenderName; mib: number; label: string }> =>
					contender === 'node'
						? nodeChunks.map((mib) => ({ contender, mib, label: nodeChunks.length > 1 ? `node@${mib}` : 'node' }))
						: [{ contender, mib: chunkMiB, label: contender }],
				);
				for (const { contender, mib, label } of runs) {
					process.stderr.write(`${sizeGiB} GiB, ${label}…\n`);
					// Nothing of the previous contender still being written out while this one runs.
					execFileSync('sync');
					const contenderEnv = { ...env, BENCH_CHUNK_BYTES: String(mib * MIB) };
					const result =
						contender === 'node'
							? await runTsContender('bench/upload/contender-node.ts', contenderEnv)
							: contender === 'tus'
								? await runTsContender('bench/upload/contender-tus.ts', contenderEnv)
								: contender === 'tus+src'
									? await runTsContender('bench/upload/contender-tus.ts', { ...contenderEnv, BENCH_SOURCE: 'node-chunk-source' })
									: await runCurl(emulator, file, size, projectId);
					const stored = await storedSha256(emulator, result.assetId!);
					if (stored.bytesReceived !== size || stored.sha256 !== expected) {
						throw new Error(`${label}: the emulator holds ${stored.bytesReceived} bytes with another sha256`);
					}
					await deleteAsset({ baseUrl: emulator.url, apiKey: emulator.apiKey }, result.assetId!);
					rows.push({ sizeGiB, round, contender, label, chunkMiB: mib, result });
					process.stderr.write(`  ${mbPerSecond(result).toFixed(0)} MB/s, RSS +${result.rss.growthMiB.toFixed(0)} MiB\n`);
				}
			}
			rmSync(file, { force: true });
		}
	} finally {
		await stopProcess(emulator.process);
		rmSync(emulator.storageDir, { recursive: true, force: true });
		rmSync(WORK_DIR, { recursive: true, force: true });
	}
	process.stdout.write(`${report(rows, chunkMiB, rounds)}\n`);
}

endRunOnFailure(main, () => rmSync(WORK_DIR, { recursive: true, force: true }));
