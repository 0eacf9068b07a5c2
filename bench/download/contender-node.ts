/**
 * The node: Roughy → Asset → Download run by n8n-core's engine (the test
 * harness), streaming the signed link into n8n's binary store through n8n's
 * request helpers. BENCH_BINARY_MODE picks n8n's `filesystem` mode (the
 * store on disk, in TMPDIR) or `database` (see database-mode.ts). The
 * window is the node's own run, from the engine starting it to the engine
 * recording its result (it includes the node's GET of the asset, a few
 * milliseconds). The stored binary's sha256 is read after the window.
 */
import { createHash } from 'node:crypto';

import { runRoughyNode } from '../../test/harness';
import { getHarnessServices } from '../../test/harness/services';
import { RssSampler } from '../shared/rss';
import { reportResult, sha256OfFile } from '../shared/stats';
import { useDatabaseBinaryMode } from './database-mode';

function need(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set (run through npm run bench:download)`);
	return value;
}

async function download(assetId: string) {
	const result = await runRoughyNode({
		parameters: { resource: 'asset', operation: 'download', assetId: { __rl: true, mode: 'id', value: assetId } },
		credentials: { baseUrl: need('BENCH_BASE_URL'), apiKey: need('BENCH_API_KEY') },
	});
	if (result.error) throw new Error(`The node failed: ${result.error.message} ${result.error.description ?? ''}`);
	const binary = result.items[0]?.binary?.data;
	if (!binary?.id) throw new Error('The node output no stored binary');
	return binary;
}

async function main() {
	const mode = need('BENCH_BINARY_MODE');
	const services = await getHarnessServices();
	const database = mode === 'database' ? useDatabaseBinaryMode(services, Number(need('BENCH_DB_MAX_FILE_SIZE_MIB'))) : undefined;

	// Warm-up, as in an n8n instance that has been running a while: n8n-core, the node, the JIT.
	await download(need('BENCH_WARM_UP_ASSET_ID'));
	await database?.deleteManyByFileId([...database.rows.keys()]);

	const rss = new RssSampler();
	const marks: { start?: bigint; end?: bigint; cpu?: NodeJS.CpuUsage; cpuUsed?: NodeJS.CpuUsage } = {};
	const debug = services.logger.debug.bind(services.logger);
	services.logger.debug = (message, metadata) => {
		if (message === 'Running node "Roughy" started') {
			marks.start = process.hrtime.bigint();
			marks.cpu = process.cpuUsage();
			rss.start();
		}
		if (message.startsWith('Running node "Roughy" finished')) {
			marks.end = process.hrtime.bigint();
			marks.cpuUsed = process.cpuUsage(marks.cpu);
		}
		debug(message, metadata);
	};
	const binary = await download(need('BENCH_ASSET_ID'));
	const rssReport = rss.stop();
	if (!marks.start || !marks.end || !marks.cpuUsed) throw new Error('The engine did not log the start and end of the node');

	let sha256: string;
	if (database) {
		sha256 = createHash('sha256').update(await services.binaryData.getAsBuffer(binary)).digest('hex');
	} else {
		sha256 = await sha256OfFile(services.binaryData.getPath(binary.id!));
	}
	reportResult({
		seconds: Number(marks.end - marks.start) / 1e9,
		bytes: binary.bytes,
		rss: rssReport,
		cpuSeconds: (marks.cpuUsed.user + marks.cpuUsed.system) / 1e6,
		sha256,
		notes: `stored as ${binary.id!.split(':')[0]}`,
	});
}

main()
	.then(() => process.exit(0))
	.catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	});
