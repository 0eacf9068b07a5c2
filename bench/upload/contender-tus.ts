/**
 * Contender (a): tus-js-client used directly, the way its README shows for
 * Node: an fs.ReadStream (which it slices by file position) and its own
 * Node HTTP stack, same chunk size as the node.
 *
 * With BENCH_SOURCE=node-chunk-source it instead feeds tus-js-client the
 * node's own TusChunkSource over the file read in place (as the node reads
 * n8n's filesystem store), keeping tus-js-client's Node HTTP stack: the
 * node's data path without n8n and its request helpers, which shows what
 * those cost.
 */
import { createReadStream, statSync } from 'node:fs';
import { DefaultHttpStack, Upload } from 'tus-js-client';

import { FileChunkReader } from '../../nodes/Roughy/helpers/upload/file-chunk-reader';
import { TusChunkSource } from '../../nodes/Roughy/helpers/upload/tus-chunk-source';
import { CpuWindow, createAsset, deleteAsset, reportResult, targetFromEnv, type BenchTarget } from './contender-env';
import { RssSampler } from '../shared/rss';

async function upload(target: BenchTarget, file: string): Promise<string> {
	const size = statSync(file).size;
	const { id, uploadUrl } = await createAsset(target, size);
	const source =
		process.env.BENCH_SOURCE === 'node-chunk-source'
			? new TusChunkSource({
					size,
					chunkSize: target.chunkBytes,
					// As the node reads a file in n8n's filesystem store.
					open: async () => await FileChunkReader.open(file, size),
				})
			: undefined;
	await new Promise<void>((resolve, reject) => {
		new Upload(source ? (source as unknown as Buffer) : createReadStream(file), {
			uploadUrl,
			uploadSize: size,
			chunkSize: target.chunkBytes,
			headers: { Authorization: `Bearer ${target.apiKey}` },
			retryDelays: null,
			httpStack: new DefaultHttpStack({}),
			...(source ? { fileReader: { openFile: async () => source } } : {}),
			onSuccess: () => resolve(),
			onError: reject,
		}).start();
	});
	return id;
}

async function main() {
	const target = targetFromEnv();
	await deleteAsset(target, await upload(target, target.warmUpFile));

	const sampler = new RssSampler();
	sampler.start();
	const startedAt = process.hrtime.bigint();
	const cpu = new CpuWindow(target.serverPid);
	const assetId = await upload(target, target.file);
	const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
	reportResult({ seconds, bytes: target.size, ...cpu.stop(), rss: sampler.stop(), assetId });
}

main()
	.then(() => process.exit(0))
	.catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	});
