import { pipeline, Transform, type Readable } from 'stream';

/** What n8n's stores get per write when a download is batched. */
export const DOWNLOAD_BATCH_BYTES = 1024 * 1024;

/**
 * A slow download still passes its bytes on at least this often. n8n's
 * in-memory stores (inline and database modes) fail a body that sends no
 * data for N8N_HTTP_RESPONSE_BODY_READ_TIMEOUT, which a user may set low.
 */
export const DOWNLOAD_BATCH_MAX_WAIT_MS = 1000;

export interface BatchOptions {
	batchBytes?: number;
	maxWaitMs?: number;
	/** The clock, for tests. */
	now?: () => number;
}

/**
 * The same bytes in pieces of at least `batchBytes`, or whatever arrived in
 * `maxWaitMs`. A download arrives in the socket's 16–64 KiB pieces, and
 * n8n's filesystem store awaits one disk write per piece it is given: tens
 * of thousands of writes per gigabyte, each a round trip to the thread pool
 * while the socket waits. Batching costs one memory copy and at most a few
 * batches of memory.
 *
 * Errors and early ends travel both ways (stream.pipeline): a failed
 * download fails the store, and a store that gives up ends the download.
 */
export function inBatches(source: Readable, options: BatchOptions = {}): Readable {
	const { batchBytes = DOWNLOAD_BATCH_BYTES, maxWaitMs = DOWNLOAD_BATCH_MAX_WAIT_MS, now = Date.now } = options;
	let pieces: Buffer[] = [];
	let size = 0;
	let firstPieceAt = 0;
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
			if (size === 0) firstPieceAt = now();
			pieces.push(piece);
			size += piece.length;
			done(null, size >= batchBytes || now() - firstPieceAt >= maxWaitMs ? take() : undefined);
		},
		flush(done) {
			done(null, size > 0 ? take() : undefined);
		},
	});
	// The error reaches the consumer through the batcher, which pipeline destroys with it.
	pipeline(source, batcher, () => {});
	return batcher;
}
