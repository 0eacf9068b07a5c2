import type { Readable } from 'stream';

import type { ChunkReader } from './chunk-reader';

/**
 * Re-cuts a binary stream into pieces of exactly the size asked for. n8n's
 * binary streams come in whatever sizes the store likes (64 KiB from disk,
 * about 16 KiB from S3, one piece for an inline Buffer), and the size passed
 * to getBinaryStream is only a hint, so nothing here relies on it.
 */
export class StreamChunkReader implements ChunkReader {
	private readonly pieces: AsyncIterator<unknown>;

	/** Bytes read from the stream but not handed out yet. */
	private leftover: Buffer = Buffer.alloc(0);

	private ended = false;

	/** How many bytes of the file have been handed out (or skipped) so far. */
	position = 0;

	constructor(private readonly stream: Readable) {
		this.pieces = stream[Symbol.asyncIterator]();
	}

	private async nextPiece(): Promise<Buffer | undefined> {
		if (this.ended) return undefined;
		const { value, done } = await this.pieces.next();
		if (done) {
			this.ended = true;
			return undefined;
		}
		return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
	}

	/**
	 * The next `length` bytes (fewer only at the end of the stream). When the
	 * current piece already holds them they are returned without copying;
	 * otherwise they are copied into `into` (reused between calls by the
	 * caller, so memory stays flat) or a new buffer.
	 */
	async read(length: number, into?: Buffer): Promise<Buffer> {
		if (this.leftover.length >= length) return this.take(length);
		if (this.leftover.length === 0) {
			const piece = await this.nextPiece();
			if (!piece) return Buffer.alloc(0);
			this.leftover = piece;
			if (piece.length >= length) return this.take(length);
		}
		const target = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
		let filled = 0;
		while (filled < length) {
			if (this.leftover.length === 0) {
				const piece = await this.nextPiece();
				if (!piece) break;
				this.leftover = piece;
			}
			const copied = this.leftover.copy(target, filled, 0, Math.min(this.leftover.length, length - filled));
			this.leftover = this.leftover.subarray(copied);
			filled += copied;
		}
		this.position += filled;
		return filled === length ? target : target.subarray(0, filled);
	}

	/** Copies of the first `length` bytes still to come, without consuming them (for sniffing). */
	async peek(length: number): Promise<Buffer> {
		while (this.leftover.length < length) {
			const piece = await this.nextPiece();
			if (!piece) break;
			this.leftover = this.leftover.length === 0 ? piece : Buffer.concat([this.leftover, piece]);
		}
		return Buffer.from(this.leftover.subarray(0, length));
	}

	/** Reads past `length` bytes (to resume at the server's offset); returns how many were skipped. */
	async skip(length: number): Promise<number> {
		let skipped = 0;
		while (skipped < length) {
			if (this.leftover.length === 0) {
				const piece = await this.nextPiece();
				if (!piece) break;
				this.leftover = piece;
			}
			const step = Math.min(this.leftover.length, length - skipped);
			this.leftover = this.leftover.subarray(step);
			skipped += step;
		}
		this.position += skipped;
		return skipped;
	}

	async bytesLeft(): Promise<number> {
		let left = this.leftover.length;
		this.leftover = Buffer.alloc(0);
		for (let piece = await this.nextPiece(); piece; piece = await this.nextPiece()) left += piece.length;
		return left;
	}

	destroy() {
		this.ended = true;
		this.leftover = Buffer.alloc(0);
		this.stream.destroy();
	}

	private take(length: number): Buffer {
		const chunk = this.leftover.subarray(0, length);
		this.leftover = this.leftover.subarray(length);
		this.position += length;
		return chunk;
	}
}
