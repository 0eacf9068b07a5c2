import { open } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';

import { MIN_UPLOAD_BYTES, type UploadRecord } from '../model';

export interface ReceiveOptions {
	req: IncomingMessage;
	upload: UploadRecord;
	/** Bytes left before the upload is full. */
	room: number;
	/** Store this many body bytes, then drop the connection (fault injection). */
	dropAfter: number | null;
	/** For the first chunk: judges the first 64 bytes; false rejects the whole chunk. */
	acceptHead?: (head: Buffer) => boolean;
	/** Called each time more bytes are on disk, with the new end of the stored bytes. */
	onStored: (storedUpTo: number) => void;
}

export type ReceiveOutcome =
	/** The body ended; everything is stored. */
	| { kind: 'complete'; received: number }
	/** The client disconnected; what arrived is stored. */
	| { kind: 'client_gone'; received: number }
	/** A resetAfterBytes fault: the bytes up to the limit are stored and the connection dropped. */
	| { kind: 'dropped'; received: number }
	/** The body went past the upload length; bytes up to the length are stored. */
	| { kind: 'overflow'; received: number }
	/** The first chunk's head was not accepted; nothing stored, the rest of the body was read and discarded. */
	| { kind: 'rejected_head'; received: number; clientGone: boolean }
	/** The first chunk ended before 64 bytes; nothing stored. */
	| { kind: 'short_head'; received: number };

/** Reading pauses while this much is waiting for the disk, so memory stays flat on multi-GiB uploads. */
const PAUSE_AT_QUEUED_BYTES = 16 * 1024 * 1024;
const RESUME_AT_QUEUED_BYTES = 4 * 1024 * 1024;

/**
 * Streams one PATCH body onto the upload's file at its offset. Chunks are
 * batched into positioned writev calls while the previous write is in
 * flight; `upload.offset` (and the hashing, through onStored) advance only after
 * bytes are on disk, so they always describe exactly what is stored, even when the client
 * disconnects half-way (the bytes that arrived are kept, as TUS servers do).
 */
export async function receiveChunk(options: ReceiveOptions): Promise<ReceiveOutcome> {
	const { req, upload, room, dropAfter } = options;
	const file = await open(upload.filePath, upload.offset === 0 ? 'w' : 'r+');
	let position = upload.offset;
	let received = 0;
	let accepted = 0;
	let head: Buffer[] | null = options.acceptHead ? [] : null;
	let headBytes = 0;
	let queue: Buffer[] = [];
	let queuedBytes = 0;
	let writing = false;
	let stop: ReceiveOutcome['kind'] | null = null;
	let writeError: unknown;
	let settled = false;

	return await new Promise<ReceiveOutcome>((resolve, reject) => {
		const settle = () => {
			if (settled || !stop || writing || queue.length > 0) return;
			settled = true;
			req.removeListener('data', onData);
			const kind = stop;
			file.close().then(
				() => {
					if (writeError) return reject(writeError);
					if (kind === 'dropped') req.socket?.destroy();
					resolve(kind === 'rejected_head' ? { kind, received, clientGone: !req.complete } : { kind, received } as ReceiveOutcome);
				},
				reject,
			);
		};

		const stopWith = (kind: ReceiveOutcome['kind']) => {
			if (stop) return;
			stop = kind;
			req.removeListener('data', onData);
			if (kind === 'overflow' || kind === 'rejected_head') {
				// Read and discard the rest of this body, so the answer can be sent on a healthy connection.
				req.on('data', countDiscarded);
				req.resume();
				if (req.complete) settle();
				return;
			}
			settle();
		};

		const countDiscarded = (chunk: Buffer) => {
			received += chunk.length;
		};

		const flush = () => {
			if (writing || queue.length === 0) return settle();
			writing = true;
			const batch = queue;
			queue = [];
			writeAll(batch).then(
				(bytes) => {
					position += bytes;
					upload.offset = position;
					options.onStored(position);
					queuedBytes -= bytes;
					writing = false;
					if (!stop && req.isPaused() && queuedBytes <= RESUME_AT_QUEUED_BYTES) req.resume();
					flush();
				},
				(error) => {
					writeError = error;
					writing = false;
					queue = [];
					stop ??= 'client_gone';
					req.socket?.destroy();
					settle();
				},
			);
		};

		const writeAll = async (buffers: Buffer[]): Promise<number> => {
			let total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
			const expected = total;
			let pending = buffers;
			let at = position;
			while (total > 0) {
				const { bytesWritten } = await file.writev(pending, at);
				at += bytesWritten;
				total -= bytesWritten;
				if (total > 0) pending = [Buffer.concat(pending).subarray(bytesWritten)];
			}
			return expected;
		};

		const enqueue = (chunk: Buffer) => {
			let next = chunk;
			let then: ReceiveOutcome['kind'] | null = null;
			if (dropAfter !== null && accepted + next.length >= dropAfter) {
				next = next.subarray(0, dropAfter - accepted);
				then = 'dropped';
			}
			if (accepted + next.length > room) {
				next = next.subarray(0, room - accepted);
				then = 'overflow';
			}
			if (next.length > 0) {
				queue.push(next);
				accepted += next.length;
				queuedBytes += next.length;
				if (queuedBytes >= PAUSE_AT_QUEUED_BYTES) req.pause();
			}
			flush();
			if (then) stopWith(then);
		};

		const onData = (chunk: Buffer) => {
			received += chunk.length;
			if (!head) return enqueue(chunk);
			head.push(chunk);
			headBytes += chunk.length;
			if (dropAfter !== null && headBytes >= dropAfter && dropAfter < MIN_UPLOAD_BYTES) {
				// Dropped before the format could be judged: nothing is stored.
				head = null;
				return stopWith('dropped');
			}
			if (headBytes < MIN_UPLOAD_BYTES) return;
			const joined = Buffer.concat(head);
			head = null;
			if (!options.acceptHead?.(joined)) return stopWith('rejected_head');
			enqueue(joined);
		};

		req.on('data', onData);
		req.once('end', () => {
			if (head) return stopWith('short_head');
			if (stop) return settle();
			stopWith('complete');
		});
		const onClose = () => {
			if (req.complete) return settle();
			// The client went away mid-body; keep what is already queued.
			if (head) head = null;
			if (!stop) stopWith('client_gone');
			else settle();
		};
		req.once('close', onClose);
		req.on('error', () => undefined);
		// The connection may have closed while the file was opening: 'close' has
		// fired already and would never reach the listener, leaving this upload
		// locked (the next PATCH waits for this one to settle) until the socket
		// timed out. Seen under load when a restart dropped the connection.
		if (req.destroyed) onClose();
	});
}
