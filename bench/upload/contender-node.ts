/**
 * The node: Roughy → Asset → Create run by n8n-core's engine (the test
 * harness, filesystem binary mode), reading the file in place from n8n's
 * binary store and sending it through tus-js-client over n8n's request
 * helpers. The upload window is taken from the node's own progress log (its
 * first line comes after the TUS HEAD, its 100 % line after the last PATCH),
 * so the harness copying the file into n8n's store is not counted.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { binaryFromFile, runRoughyNode } from '../../test/harness';
import { getHarnessServices } from '../../test/harness/services';
import { CpuWindow, deleteAsset, reportResult, targetFromEnv, type BenchTarget } from './contender-env';
import { RssSampler } from '../shared/rss';

const MIB = 1024 * 1024;

function parameters(target: BenchTarget) {
	return {
		resource: 'asset',
		operation: 'create',
		projectId: { __rl: true, mode: 'id', value: target.projectId },
		binaryPropertyName: 'data',
		options: { chunkSizeMiB: target.chunkBytes / MIB },
	};
}

async function uploadThroughNode(target: BenchTarget, file: string) {
	const result = await runRoughyNode({
		parameters: parameters(target),
		credentials: { baseUrl: target.baseUrl, apiKey: target.apiKey },
		// n8n's copy of the file becomes a hard link to it: the node reads the same file, as cached as it
		// was, that the other contenders read (with a copy, three of a 4 GiB file compete for the page cache).
		input: [{ json: {}, binary: { data: binaryFromFile(file, path.basename(file), 'video/mp4', { linkAfterStoring: true }) } }],
		binaryMode: 'filesystem',
	});
	if (result.error) throw new Error(`The node failed: ${result.error.message} ${result.error.description ?? ''}`);
	return result.items[0].json as { id: string; upload: { bytes_sent: number; chunk_count: number; retries: number } };
}

async function main() {
	const target = targetFromEnv();
	const services = await getHarnessServices();

	// Warm-up, as every contender does: load n8n-core, the node and tus-js-client, let V8's JIT
	// and GC heuristics settle, the way they are in an n8n instance that has been running a while.
	const warmUp = await uploadThroughNode(target, target.warmUpFile);
	await deleteAsset(target, warmUp.id);

	const marks: { start?: bigint; end?: bigint; cpu?: CpuWindow; used?: ReturnType<CpuWindow['stop']> } = {};
	const info = services.logger.info.bind(services.logger);
	services.logger.info = (message, metadata) => {
		if (/uploading .* to asset/.test(message)) {
			marks.start = process.hrtime.bigint();
			marks.cpu = new CpuWindow(target.serverPid);
		}
		if (/upload at 100%/.test(message)) {
			marks.end = process.hrtime.bigint();
			marks.used = marks.cpu?.stop();
		}
		info(message, metadata);
	};
	// Two baselines: before the run (includes the harness copying the file into n8n's store),
	// and when the engine starts the Roughy node (the node's own memory). Only the second one
	// samples while the node runs: sampling costs CPU on a small machine.
	const whole = new RssSampler();
	const node = new RssSampler();
	const debug = services.logger.debug.bind(services.logger);
	services.logger.debug = (message, metadata) => {
		if (message === 'Running node "Roughy" started') {
			// The harness has just copied the file into n8n's store; write it out first, so the
			// upload does not compete with the kernel flushing it (the other contenders' file is on disk too).
			execFileSync('sync');
			whole.stop();
			node.start();
		}
		debug(message, metadata);
	};

	whole.start();
	const output = await uploadThroughNode(target, target.file);
	const nodeRss = node.stop();
	const wholeRss = whole.report();
	if (!marks.start || !marks.end) throw new Error('The node did not log the start and end of its upload');
	if (output.upload.bytes_sent !== target.size) throw new Error(`The node sent ${output.upload.bytes_sent} bytes`);
	reportResult({
		seconds: Number(marks.end - marks.start) / 1e9,
		bytes: target.size,
		...marks.used,
		rss: nodeRss,
		assetId: output.id,
		notes: `${output.upload.chunk_count} chunks, ${output.upload.retries} retries; peak over the RSS before the harness stored the file: +${(
			Math.max(nodeRss.sampledPeakMiB, nodeRss.kernelPeakMiB ?? 0) - wholeRss.baselineMiB
		).toFixed(0)} MiB`,
	});
}

main()
	.then(() => process.exit(0))
	.catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	});
