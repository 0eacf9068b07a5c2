/**
 * Contender (a): tus-js-client used directly, the way its README shows for
 * Node: an fs.ReadStream (which it slices by file position) and its own
 * Node HTTP stack, same chunk size as the node.
 *
 * With BENCH_SOURCE=node-chunk-source it instead feeds tus-js-client the
 * node's own TusChunkSource (the re-chunker over a plain stream) while
 * keeping tus-js-client's Node HTTP stack: the node's data path minus n8n's
 * request helpers, which isolates what the httpStack costs.
 */
import { createReadStream } from 'node:fs';
import { DefaultHttpStack, Upload } from 'tus-js-client';

import { TusChunkSource } from '../../nodes/Roughy/helpers/upload/tus-chunk-source';
import { createAsset, reportResult, targetFromEnv } from './contender-env';
import { RssSampler } from './rss';

async function main() {
	const target = targetFromEnv();
	const { id, uploadUrl } = await createAsset(target);
	const useNodeSource = process.env.BENCH_SOURCE === 'node-chunk-source';

	const sampler = new RssSampler();
	sampler.start();
	const startedAt = process.hrtime.bigint();
	const source = useNodeSource
		? new TusChunkSource({
				size: target.size,
				chunkSize: target.chunkBytes,
				open: async () => createReadStream(target.file, { highWaterMark: 1024 * 1024 }),
			})
		: undefined;
	await new Promise<void>((resolve, reject) => {
		const upload = new Upload(source ? (source as unknown as Buffer) : createReadStream(target.file), {
			uploadUrl,
			uploadSize: target.size,
			chunkSize: target.chunkBytes,
			headers: { Authorization: `Bearer ${target.apiKey}` },
			retryDelays: null,
			httpStack: new DefaultHttpStack({}),
			...(source ? { fileReader: { openFile: async () => source } } : {}),
			onSuccess: () => resolve(),
			onError: reject,
		});
		upload.start();
	});
	const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
	const rss = sampler.stop();
	reportResult({ seconds, bytes: target.size, rss, assetId: id });
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
