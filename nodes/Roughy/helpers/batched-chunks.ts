import { pipeline, Transform, type Readable } from 'stream';

/** What n8n's stores get per write when a download is batched. */
export const DOWNLOAD_BATCH_BYTES = 1024 * 1024;

/**
 * The same bytes in pieces of at least `batchBytes`. A download arrives in
 * the socket's 16–64 KiB pieces, and n8n's filesystem store awaits one disk
 * write per piece it is given: tens of thousands of writes per gigabyte,
 * each a round trip to the thread pool while the socket waits. Batching
 * costs one memory copy and at most a few batches of memory.
 *
 * Errors and early ends travel both ways (stream.pipeline): a failed
 * download fails the store, and a store that gives up ends the download.
 */
export function inBatches(source: Readable, batchBytes = DOWNLOAD_BATCH_BYTES): Readable {
	let pieces: Buffer[] = [];
	let size = 0;
	const take = () => {
		const batch = Buffer.concat(pieces, size);
		pieces = [];
		size = 0;
		return batch;
	};
	const batcher = new Transform({
		writableHighWaterMark: batchBytes,
		readableHighWaterMark: batchBytes,
		transform(piece: Buffer, _encoding, done) {
			pieces.push(piece);
			size += piece.length;
			done(null, size >= batchBytes ? take() : undefined);
		},
		flush(done) {
			done(null, size > 0 ? take() : undefined);
		},
	});
	// The error reaches the consumer through the batcher, which pipeline destroys with it.
	pipeline(source, batcher, () => {});
	return batcher;
}
