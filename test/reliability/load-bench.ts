/**
 * npm run bench:load [-- --items 1000 --rate 50 --burst 50]
 *
 * 1,000 items through Roughy → Asset → Get and then Roughy → Cut → Create
 * in one workflow, run by n8n-core's engine (the test harness), against an
 * emulator in its own process that rate-limits the API (token bucket:
 * `rate` requests per second, `burst` at once, 429 + Retry-After beyond).
 *
 * Reports the wall time against the least time the limit allows (the
 * burst is free, every further request costs 1/rate s), the 429s the node
 * waited out, and checks the result: every item answered, one cut per
 * asset, no failures. A second run without the limit shows the node's own
 * speed on this machine. Figures go in RELIABILITY.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

import { NodeConnectionTypes, type INode } from 'n8n-workflow';

import { manualTriggerNode, roughyNode, runWorkflow } from '../harness';

const ROOT = path.resolve(__dirname, '../..');

function flag(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const ITEMS = flag('items', 1000);
const RATE = flag('rate', 50);
const BURST = flag('burst', RATE);

interface Emulator {
	url: string;
	apiKey: string;
	child: ChildProcess;
}

interface RecordedRequest {
	method: string;
	path: string;
	status: number | null;
}

async function startEmulatorProcess(): Promise<Emulator> {
	const child = spawn(
		process.execPath,
		[require.resolve('tsx/cli'), 'emulator/cli.ts', '--json', '--timing', 'manual', '--rate-limit', `${RATE}:${BURST}`],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const line = await new Promise<string>((resolve, reject) => {
		readline.createInterface({ input: child.stdout! }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
	});
	const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string };
	return { url, apiKey, child };
}

async function control<T>(emu: Emulator, method: string, route: string, body?: unknown): Promise<T> {
	const response = await fetch(`${emu.url}/__emulator/${route}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} /__emulator/${route}: HTTP ${response.status}`);
	return (await response.json().catch(() => undefined)) as T;
}

/** A fresh account with `count` ready assets; the request log emptied and the bucket full again. */
async function seedAssets(emu: Emulator, count: number, rateLimited: boolean): Promise<string[]> {
	await control(emu, 'POST', 'reset');
	await control(emu, 'POST', 'control/setRateLimit', { args: [rateLimited ? { requestsPerSecond: RATE, burst: BURST } : null] });
	const seeded = await control<{ assets: Array<{ id: string }> }>(emu, 'POST', 'seed', {
		projects: [{ name: 'Load' }],
		assets: Array.from({ length: count }, () => ({ state: 'ready', format: 'mp3' })),
	});
	return seeded.assets.map((asset) => asset.id);
}

function workflow() {
	const trigger = manualTriggerNode();
	const get: INode = roughyNode(
		{ resource: 'asset', operation: 'get', assetId: { __rl: true, mode: 'id', value: '={{ $json.assetId }}' } },
		{ id: 'asset-get', name: 'Asset Get', position: [220, 0] },
	);
	const cut: INode = roughyNode(
		{ resource: 'cut', operation: 'create', assetId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, script: 'Three ways to…' },
		{ id: 'cut-create', name: 'Cut Create', position: [440, 0] },
	);
	const main = (node: string) => ({ [NodeConnectionTypes.Main]: [[{ node, type: NodeConnectionTypes.Main, index: 0 }]] });
	return { trigger, nodes: [trigger, get, cut], connections: { [trigger.name]: main(get.name), [get.name]: main(cut.name) } };
}

async function runOnce(emu: Emulator, assetIds: string[]) {
	const { trigger, nodes, connections } = workflow();
	const started = process.hrtime.bigint();
	const run = await runWorkflow({
		nodes,
		connections,
		credentials: { baseUrl: emu.url, apiKey: emu.apiKey },
		pinData: { [trigger.name]: assetIds.map((assetId) => ({ json: { assetId } })) },
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const nodeSeconds = (name: string) => (run.runData[name]?.[0]?.executionTime ?? NaN) / 1000;

	const { items: requests } = await control<{ items: RecordedRequest[] }>(emu, 'GET', 'requests?since=0');
	const state = await control<{ cuts: Array<{ asset_id: string }> }>(emu, 'GET', 'state');
	const gets = requests.filter((request) => request.method === 'GET' && request.path.startsWith('/v1/assets/'));
	const posts = requests.filter((request) => request.method === 'POST' && request.path === '/v1/cuts');
	const cutOutput = run.outputs['Cut Create']?.[0] ?? [];
	const failures = [
		run.error ? `workflow error: ${run.error.message}` : '',
		run.outputs['Asset Get']?.[0]?.length === assetIds.length ? '' : `Asset Get gave ${run.outputs['Asset Get']?.[0]?.length ?? 0} items`,
		cutOutput.length === assetIds.length ? '' : `Cut Create gave ${cutOutput.length} items`,
		cutOutput.every((item) => typeof item.json.id === 'string' && item.json.error === undefined) ? '' : 'an item without a cut',
		state.cuts.length === assetIds.length ? '' : `${state.cuts.length} cuts in Roughy`,
		new Set(state.cuts.map((cut) => cut.asset_id)).size === assetIds.length ? '' : 'an asset with more than one cut',
	].filter(Boolean);
	const answered = (list: RecordedRequest[]) => list.filter((request) => request.status !== null && request.status < 400).length;
	return {
		seconds,
		getSeconds: nodeSeconds('Asset Get'),
		cutSeconds: nodeSeconds('Cut Create'),
		requests: requests.length,
		rateLimited: requests.filter((request) => request.status === 429).length,
		getsAnswered: answered(gets),
		cutsCreated: posts.filter((request) => request.status === 201).length,
		failures,
	};
}

function leastSeconds(requests: number): number {
	return Math.max(0, requests - BURST) / RATE;
}

async function main() {
	const emu = await startEmulatorProcess();
	try {
		// Warm-up: load n8n-core and the node, and JIT the request path.
		await runOnce(emu, await seedAssets(emu, 20, false));

		const unlimited = await runOnce(emu, await seedAssets(emu, ITEMS, false));
		const limited = await runOnce(emu, await seedAssets(emu, ITEMS, true));

		const successful = limited.getsAnswered + limited.cutsCreated;
		const least = leastSeconds(successful);
		const summary = {
			items: ITEMS,
			limit: `${RATE} requests/s, burst ${BURST}`,
			unlimited: { ...unlimited, requestsPerSecond: +(unlimited.requests / unlimited.seconds).toFixed(1) },
			limited: {
				...limited,
				leastSecondsTheLimitAllows: +least.toFixed(2),
				efficiency: +(least / limited.seconds).toFixed(3),
				successfulRequestsPerSecond: +(successful / limited.seconds).toFixed(1),
			},
		};
		console.log(JSON.stringify(summary, null, 2));
		console.log(
			[
				'',
				`| run | items | wall time | Asset Get | Cut Create | requests | 429s waited out | failures |`,
				`|---|---|---|---|---|---|---|---|`,
				`| no limit | ${ITEMS} | ${unlimited.seconds.toFixed(1)} s | ${unlimited.getSeconds.toFixed(1)} s | ${unlimited.cutSeconds.toFixed(1)} s | ${unlimited.requests} | ${unlimited.rateLimited} | ${unlimited.failures.length} |`,
				`| ${RATE}/s, burst ${BURST} | ${ITEMS} | ${limited.seconds.toFixed(1)} s (limit allows ${least.toFixed(1)} s, ${(100 * summary.limited.efficiency).toFixed(0)} %) | ${limited.getSeconds.toFixed(1)} s | ${limited.cutSeconds.toFixed(1)} s | ${limited.requests} | ${limited.rateLimited} | ${limited.failures.length} |`,
			].join('\n'),
		);
		const failures = [...unlimited.failures, ...limited.failures];
		if (failures.length > 0) {
			console.error(`FAILED: ${failures.join('; ')}`);
			process.exitCode = 1;
		}
	} finally {
		emu.child.kill('SIGTERM');
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
