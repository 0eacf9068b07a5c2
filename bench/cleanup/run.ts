/**
 * npm run bench:cleanup [-- --rate 20 --burst 20 --assets 1000 --keep 200]
 *
 * Runs the scheduled cleanup a user imports (examples/scheduled-cleanup.json)
 * through n8n-core's engine (the test harness) against the Roughy emulator,
 * rate limited with a token bucket, over an account where the cleanup names
 * `--assets` assets, and reports:
 *   - the run's time against the floor the rate limit allows: the requests
 *     Roughy answered, less the bucket's burst, divided by the rate;
 *   - the requests sent against the minimum needed: list pages + guard
 *     lookups + one DELETE per deleted asset (dry run: + the cheapest way to
 *     read the assets, cuts and renders), and the 429s met on the way.
 * Runs: a dry run and a real run at the given rate, then a real run without
 * any limit (the client's own speed on this machine) and one with a burst of
 * 5 (a bucket smaller than one second of quota).
 *
 * The emulator runs in this process (its control API seeds the account
 * without spending quota); its own work per request is a small part of the
 * client's, see BENCHMARKS.md.
 */
import os from 'node:os';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../emulator';
import type { RateLimitOptions } from '../../emulator/options';
import { runWorkflow } from '../../test/harness';
import { exampleWorkflow, STEP } from '../../test/nodes/Roughy/cleanup/example-workflow';
import { registerExampleStandIns } from '../../test/nodes/Roughy/cleanup/stand-ins';
import { seedBenchAccount, type BenchAccount } from './account';

const PAGE = 100;
const TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000;

function flag(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

interface Scenario {
	label: string;
	dryRun: boolean;
	rateLimit: RateLimitOptions | null;
}

interface Measured {
	label: string;
	seconds: number;
	deleteNodeSeconds: number;
	floorSeconds: number | null;
	answered: number;
	minimum: number;
	refused: number;
	deleted: number;
	summary: IDataObject;
}

/** The fewest requests the run can make: see the header comment. */
function minimumRequests(account: BenchAccount, dryRun: boolean, deleted: number, wouldDelete: number): number {
	const pages = (count: number) => Math.max(1, Math.ceil(count / PAGE));
	const lists = pages(account.failed) + pages(account.assets);
	const guard = 2 * pages(account.inProgressCuts) + 2 * pages(account.inProgressRenders);
	if (!dryRun) return lists + guard + deleted;
	const accountWide = pages(account.assets) + pages(account.cuts) + pages(account.renders);
	return lists + guard + Math.min(accountWide, 3 * wouldDelete);
}

async function measure(emulator: RunningEmulator, scenario: Scenario, toDelete: number, keep: number): Promise<Measured> {
	emulator.control.reset();
	emulator.control.setRateLimit(scenario.rateLimit);
	const account = seedBenchAccount(emulator.control, toDelete, keep);
	emulator.requests.length = 0;
	const parameters: INodeParameters = { dryRun: scenario.dryRun, maxDeletions: toDelete };

	const started = process.hrtime.bigint();
	const run = await runWorkflow({
		...exampleWorkflow(parameters),
		credentials: { baseUrl: emulator.url, apiKey: emulator.apiKey },
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (run.status !== 'success') throw new Error(`${scenario.label}: the run ended ${run.status}: ${run.error?.message}`);

	const summary = run.outputs[STEP.summary][0][0].json;
	const counts = summary.counts as Record<string, number>;
	const api = emulator.requests.filter((request) => request.surface === 'api');
	const answered = api.filter((request) => request.status !== 429).length;
	const { rateLimit } = scenario;
	return {
		label: scenario.label,
		seconds,
		deleteNodeSeconds: (run.runData[STEP.delete][0].executionTime ?? 0) / 1000,
		floorSeconds: rateLimit ? Math.max(0, answered - (rateLimit.burst ?? rateLimit.requestsPerSecond)) / rateLimit.requestsPerSecond : null,
		answered,
		minimum: minimumRequests(account, scenario.dryRun, counts.deleted, counts.would_delete),
		refused: api.length - answered,
		deleted: scenario.dryRun ? counts.would_delete : counts.deleted,
		summary,
	};
}

function table(rows: Measured[]): string {
	const lines = [
		'| Run | Time (s) | Delete Many (s) | Floor (s) | Time / floor | Requests | Minimum | 429s | Deleted |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const row of rows) {
		const floor = row.floorSeconds === null ? '–' : row.floorSeconds.toFixed(1);
		const ratio = row.floorSeconds ? (row.seconds / row.floorSeconds).toFixed(2) : '–';
		lines.push(
			`| ${row.label} | ${row.seconds.toFixed(1)} | ${row.deleteNodeSeconds.toFixed(1)} | ${floor} | ${ratio} | ${row.answered} | ${row.minimum} | ${row.refused} | ${row.deleted} |`,
		);
	}
	return lines.join('\n');
}

async function main() {
	const rate = flag('rate', 20);
	const burst = flag('burst', rate);
	const toDelete = flag('assets', 1000);
	const keep = flag('keep', 200);
	registerExampleStandIns();
	const emulator = await startEmulator({ timing: 'manual', uploadExpiryMs: TEN_YEARS_MS });
	try {
		const limited = { requestsPerSecond: rate, burst };
		const scenarios: Scenario[] = [
			{ label: 'warm-up (not reported)', dryRun: true, rateLimit: null },
			{ label: `dry run, ${rate}/s burst ${burst}`, dryRun: true, rateLimit: limited },
			{ label: `real run, ${rate}/s burst ${burst}`, dryRun: false, rateLimit: limited },
			{ label: 'real run, no rate limit', dryRun: false, rateLimit: null },
			{ label: `real run, ${rate}/s burst 5`, dryRun: false, rateLimit: { requestsPerSecond: rate, burst: 5 } },
		];
		const rows: Measured[] = [];
		for (const scenario of scenarios) {
			const row = await measure(emulator, scenario, toDelete, keep);
			console.error(`${row.label}: ${row.seconds.toFixed(1)} s, ${row.answered} requests, ${row.refused} refused`);
			if (!scenario.label.startsWith('warm-up')) rows.push(row);
		}
		console.log(
			`\n${toDelete} assets named (+${keep} kept) · Node ${process.version} · ${os.cpus().length} CPUs · load ${os.loadavg()[0].toFixed(1)}\n`,
		);
		console.log(table(rows));
		console.log(`\nLast summary item: ${JSON.stringify(rows.at(-1)?.summary)}`);
	} finally {
		await emulator.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
