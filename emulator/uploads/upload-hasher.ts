import { Worker } from 'node:worker_threads';

/**
 * sha256 of every upload, computed incrementally in a worker thread.
 * Hashing on the main thread halved upload throughput (the event loop also
 * reads the socket and queues the disk writes); here the main thread only
 * says "the file is now stored up to byte N" and the worker hashes the new
 * range straight from the file (the page cache, just written), so memory
 * stays flat and the digest always covers exactly the stored bytes.
 *
 * digestSync() blocks on Atomics.wait until the worker has caught up; the
 * worker never waits for the main thread, so this cannot deadlock.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const uploads = new Map();
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
function state(id, path) {
	let upload = uploads.get(id);
	if (!upload) {
		upload = { hash: createHash('sha256'), hashedTo: 0, fd: null, path };
		uploads.set(id, upload);
	}
	return upload;
}
function drop(id) {
	const upload = uploads.get(id);
	if (upload && upload.fd !== null) fs.closeSync(upload.fd);
	uploads.delete(id);
}
parentPort.on('message', (message) => {
	if (message.op === 'hash') {
		const upload = state(message.id, message.path);
		try {
			if (upload.fd === null) upload.fd = fs.openSync(upload.path, 'r');
			while (upload.hashedTo < message.upTo) {
				const length = Math.min(buffer.length, message.upTo - upload.hashedTo);
				const read = fs.readSync(upload.fd, buffer, 0, length, upload.hashedTo);
				if (read <= 0) break;
				upload.hash.update(buffer.subarray(0, read));
				upload.hashedTo += read;
			}
		} catch (error) {
			upload.error = String(error && error.message || error);
		}
	} else if (message.op === 'drop') {
		drop(message.id);
	} else if (message.op === 'digest') {
		const upload = state(message.id, message.path);
		const reply = new Uint8Array(message.reply);
		const text = Buffer.from(upload.hash.copy().digest('hex') + ':' + upload.hashedTo);
		reply.set(text, 4);
		const flag = new Int32Array(message.reply, 0, 1);
		Atomics.store(flag, 0, text.length);
		Atomics.notify(flag, 0);
	}
});
`;

const DIGEST_TIMEOUT_MS = 120_000;

/**
 * `live` hashes while the upload runs (digests are ready at once);
 * `on-demand` only notes how far each file is stored and hashes when a digest
 * is asked for, so an upload benchmark's client does not share the CPU with
 * the emulator's own checksum while it is measured.
 */
export type UploadHashing = 'live' | 'on-demand';

export class UploadHasher {
	private worker: Worker | undefined;

	/** on-demand: how far each upload's file is stored, not hashed yet. */
	private readonly unhashed = new Map<string, { filePath: string; upTo: number }>();

	constructor(private readonly mode: UploadHashing = 'live') {}

	/** The upload's file now holds bytes [0, upTo): hash what was added. */
	hashUpTo(uploadId: string, filePath: string, upTo: number): void {
		if (this.mode === 'on-demand') {
			this.unhashed.set(uploadId, { filePath, upTo });
			return;
		}
		this.start().postMessage({ op: 'hash', id: uploadId, path: filePath, upTo });
	}

	/** sha256 (hex) of the bytes hashed so far, waiting for the worker to catch up with every hashUpTo. */
	digestSync(uploadId: string, filePath: string): { sha256: string; hashedBytes: number } {
		const reply = new SharedArrayBuffer(4 + 64 + 1 + 20);
		const flag = new Int32Array(reply, 0, 1);
		const unhashed = this.unhashed.get(uploadId);
		if (unhashed) {
			this.unhashed.delete(uploadId);
			this.start().postMessage({ op: 'hash', id: uploadId, path: unhashed.filePath, upTo: unhashed.upTo });
		}
		this.start().postMessage({ op: 'digest', id: uploadId, path: filePath, reply });
		if (Atomics.wait(flag, 0, 0, DIGEST_TIMEOUT_MS) === 'timed-out') throw new Error('the upload hasher did not answer');
		const [sha256, hashedBytes] = Buffer.from(new Uint8Array(reply, 4, Atomics.load(flag, 0))).toString().split(':');
		return { sha256, hashedBytes: Number(hashedBytes) };
	}

	/** Forgets an upload (deleted, or reset). */
	drop(uploadId: string): void {
		this.unhashed.delete(uploadId);
		this.worker?.postMessage({ op: 'drop', id: uploadId });
	}

	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = undefined;
		await worker?.terminate();
	}

	private start(): Worker {
		if (!this.worker) {
			this.worker = new Worker(WORKER_SOURCE, { eval: true });
			// Never the reason a process stays up.
			this.worker.unref();
		}
		return this.worker;
	}
}
