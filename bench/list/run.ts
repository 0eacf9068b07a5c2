/**
 * npm run bench:list [-- --assets 10000 --rounds 5]
 *
 * Roughy → Asset → Get Many with Return All over an account of 10,000
 * assets, against a raw `fetch` loop over the same pages, in the same
 * process and run, interleaved round by round (the order alternates):
 *   node   the node inside n8n-core's engine (test harness): n8n's
 *          httpRequestWithAuthentication per page, the transport's checks
 *          (repeated pages, runaway totals), one n8n item per asset
 *   fetch  Node's fetch with the API key, `limit=100&offset=…` until a
 *          short page or `total`, JSON parsed, items collected
 *   fetch, new connection per page: the same loop on node:http without an
 *          agent, so every page opens a new TCP connection, as every
 *          request through n8n's helpers does (not a target; it shows what
 *          connection reuse is worth)
 * The emulator runs in its own process without a rate limit; `--latency-ms`
 * delays every page by that much, as a network between n8n and Roughy would
 * (0 by default: the emulator answers in a few milliseconds). Reports the
 * node's time (from the engine starting it to its result; the whole
 * workflow run beside it), the fetch loop's, their ratio per round, and the
 * requests each sent (the minimum is ceil(n / 100)).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { runRoughyNode } from '../../test/harness';
import { getHarnessServices } from '../../test/harness/services';
import { endRunOnFailure, ROOT, startEmulatorProcess, stopProcess, type EmulatorProcess } from '../shared/processes';
import { flag, median } from '../shared/stats';

const WORK_DIR = path.join(ROOT, '.cache', 'bench-list');
const PAGE_SIZE = 100;
const TARGET_RATIO = 1.2;

interface Run {
	seconds: number;
	/** CPU time of this process (user + system) while the contender ran. */
	cpuSeconds: number;
	items: number;
	requests: number;
	/** The node only: the whole workflow run, trigger and engine included. */
	workflowSeconds?: number;
}

async function control<T>(emulator: EmulatorProcess, method: string, route: string, body?: unknown): Promise<T> {
	const response = await fetch(`${emulator.url}/__emulator/${route}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} /__emulator/${route}: HTTP ${response.status}`);
	return (await response.json().catch(() => undefined)) as T;
}

function cpuSecondsSince(start?: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1e6;
}

async function requestsSinceCleared(emulator: EmulatorProcess): Promise<number> {
	const { items } = await control<{ items: Array<{ path: string }> }>(emulator, 'GET', 'requests?since=0');
	return items.filter((request) => request.path === '/v1/assets').length;
}

type Page = { items: unknown[]; total: number };

async function pageWithFetch(url: string, apiKey: string): Promise<Page> {
	const response = await fetch(url, { headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' } });
	if (!response.ok) throw new Error(`GET /v1/assets answered ${response.status}`);
	return (await response.json()) as Page;
}

function pageOnNewConnection(url: string, apiKey: string): Promise<Page> {
	return new Promise((resolve, reject) => {
		const request = http.get(url, { agent: false, headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' } }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				if (response.statusCode !== 200) reject(new Error(`GET /v1/assets answered ${response.statusCode}`));
				else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Page);
			});
			response.on('error', reject);
		});
		request.on('error', reject);
	});
}

async function fetchLoop(emulator: EmulatorProcess, getPage = pageWithFetch): Promise<Run> {
	await control(emulator, 'DELETE', 'requests');
	const started = process.hrtime.bigint();
	const cpu = process.cpuUsage();
	const items: unknown[] = [];
	for (let offset = 0; ; ) {
		const page = await getPage(`${emulator.url}/v1/assets?limit=${PAGE_SIZE}&offset=${offset}`, emulator.apiKey);
		items.push(...page.items);
		offset += page.items.length;
		if (page.items.length < PAGE_SIZE || offset >= page.total) break;
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpuSeconds = cpuSecondsSince(cpu);
	return { seconds, cpuSeconds, items: items.length, requests: await requestsSinceCleared(emulator) };
}

async function nodeRun(emulator: EmulatorProcess): Promise<Run> {
	const { logger } = await getHarnessServices();
	await control(emulator, 'DELETE', 'requests');
	const marks: { start?: bigint; end?: bigint; cpu?: NodeJS.CpuUsage; cpuSeconds?: number } = {};
	const debug = logger.debug.bind(logger);
	logger.debug = (message, metadata) => {
		if (message === 'Running node "Roughy" started') {
			marks.start = process.hrtime.bigint();
			marks.cpu = process.cpuUsage();
		}
		if (message.startsWith('Running node "Roughy" finished')) {
			marks.end = process.hrtime.bigint();
			marks.cpuSeconds = cpuSecondsSince(marks.cpu);
		}
		debug(message, metadata);
	};
	const started = process.hrtime.bigint();
	const result = await runRoughyNode({
		parameters: { resource: 'asset', operation: 'getMany', returnAll: true },
		credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
	});
	const workflowSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	logger.debug = debug;
	if (result.error) throw new Error(`The node failed: ${result.error.message}`);
	if (!marks.start || !marks.end) throw new Error('The engine did not log the start and end of the node');
	// The harness keeps every log line; let them go before the next round.
	logger.lines.length = 0;
	return {
		seconds: Number(marks.end - marks.start) / 1e9,
		cpuSeconds: marks.cpuSeconds ?? NaN,
		workflowSeconds,
		items: result.items.length,
		requests: await requestsSinceCleared(emulator),
	};
}

async function main() {
	const assets = Number(flag('assets', '10000'));
	const rounds = Number(flag('rounds', '5'));
	const latencyMs = Number(flag('latency-ms', '0'));
	const minimum = Math.ceil(assets / PAGE_SIZE);
	mkdirSync(WORK_DIR, { recursive: true });
	process.stderr.write(`Load average: ${execFileSync('cat', ['/proc/loadavg']).toString().trim()}\n`);
	const emulator = await startEmulatorProcess(WORK_DIR, ['--timing', 'manual']);
	const rows: Array<{ round: number; node: Run; fetch: Run; fresh: Run }> = [];
	try {
		await control(emulator, 'POST', 'seed', {
			projects: [{ name: 'List benchmark' }],
			assets: Array.from({ length: assets }, (_, index) => ({ state: index % 10 === 0 ? 'failed' : 'ready', format: 'mp3' })),
		});
		if (latencyMs > 0) await control(emulator, 'POST', 'faults', { method: 'GET', path: '/v1/assets', delay: latencyMs, times: 'always' });
		const contenders = {
			node: () => nodeRun(emulator),
			fetch: () => fetchLoop(emulator),
			fresh: () => fetchLoop(emulator, pageOnNewConnection),
		};
		// Warm-up: n8n-core, the node, the JIT, the emulator's own paths.
		for (const run of Object.values(contenders)) await run();
		for (let round = 0; round < rounds; round++) {
			// A different contender goes first every round.
			const names = Object.keys(contenders) as Array<keyof typeof contenders>;
			const order = names.map((_, index) => names[(index + round) % names.length]);
			const runs = {} as Record<keyof typeof contenders, Run>;
			for (const name of order) {
				runs[name] = await contenders[name]();
				if (runs[name].items !== assets) throw new Error(`${name} returned ${runs[name].items} items, not ${assets}`);
			}
			rows.push({ round, ...runs });
			process.stderr.write(`round ${round + 1}: node ${runs.node.seconds.toFixed(3)} s, fetch ${runs.fetch.seconds.toFixed(3)} s, new connections ${runs.fresh.seconds.toFixed(3)} s\n`);
		}
	} finally {
		await stopProcess(emulator.process);
		rmSync(emulator.storageDir, { recursive: true, force: true });
		rmSync(WORK_DIR, { recursive: true, force: true });
	}
	process.stderr.write(`Load average: ${execFileSync('cat', ['/proc/loadavg']).toString().trim()}\n`);

	const ratio = median(rows.map((row) => row.node.seconds / row.fetch.seconds));
	const nodeRequests = Math.max(...rows.map((row) => row.node.requests));
	const lines = [
		`${assets} assets, ${rounds} rounds, ${latencyMs} ms added to every page, medians. Minimum requests: ceil(${assets} / ${PAGE_SIZE}) = ${minimum}.`,
		'',
		'| Contender | Time (s) | CPU of the client process (s) | Requests | Items |',
		'|---|---:|---:|---:|---:|',
		`| node | ${median(rows.map((row) => row.node.seconds)).toFixed(3)} | ${median(rows.map((row) => row.node.cpuSeconds)).toFixed(3)} | ${nodeRequests} | ${assets} |`,
		`| node, whole workflow run | ${median(rows.map((row) => row.node.workflowSeconds ?? NaN)).toFixed(3)} | | | |`,
		`| fetch loop | ${median(rows.map((row) => row.fetch.seconds)).toFixed(3)} | ${median(rows.map((row) => row.fetch.cpuSeconds)).toFixed(3)} | ${Math.max(...rows.map((row) => row.fetch.requests))} | ${assets} |`,
		`| fetch loop, new connection per page | ${median(rows.map((row) => row.fresh.seconds)).toFixed(3)} | ${median(rows.map((row) => row.fresh.cpuSeconds)).toFixed(3)} | ${Math.max(...rows.map((row) => row.fresh.requests))} | ${assets} |`,
		'',
		`- node / fetch (median of the rounds' ratios): ${ratio.toFixed(2)}: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'} (target ≤ ${TARGET_RATIO})`,
		`- node requests: ${nodeRequests}: ${nodeRequests === minimum ? 'the minimum' : `NOT the minimum (${minimum})`}`,
		'',
		'| Round | node (s) | workflow (s) | fetch (s) | new connections (s) | node / fetch |',
		'|---:|---:|---:|---:|---:|---:|',
		...rows.map(
			(row) =>
				`| ${row.round + 1} | ${row.node.seconds.toFixed(3)} | ${row.node.workflowSeconds?.toFixed(3)} | ${row.fetch.seconds.toFixed(3)} | ${row.fresh.seconds.toFixed(3)} | ${(row.node.seconds / row.fetch.seconds).toFixed(2)} |`,
		),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

endRunOnFailure(main, () => rmSync(WORK_DIR, { recursive: true, force: true }));
