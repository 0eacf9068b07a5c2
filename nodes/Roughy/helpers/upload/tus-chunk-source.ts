import { ExecutionCancelledError } from '../../../shared/abortable-sleep';
import { BinaryEndedEarlyError, BinaryLongerThanDeclaredError, type ChunkReader } from './chunk-reader';

/** What tus-js-client sends as a PATCH body: a Buffer that also says its size. */
export type TusChunk = Buffer & { size: number };

/** The part of tus-js-client's FileSource interface it calls. */
export interface TusFileSource {
	size: number;
	slice(start: number, end: number): Promise<{ value: TusChunk; done: boolean }>;
	close(): void;
}

interface Chunk {
	start: number;
	bytes: Buffer;
	/** Which of the two chunk buffers holds it (undefined when the bytes are a view of the stream's own piece). */
	slot?: number;
}

export interface TusChunkSourceOptions {
	size: number;
	chunkSize: number;
	/** Opens the binary at its first byte. */
	open: () => Promise<ChunkReader>;
	/** A reader already opened at byte 0 (e.g. the one the head was sniffed from). */
	reader?: ChunkReader;
	/** Checked before every chunk, so a cancelled execution stops between chunks. */
	signal?: AbortSignal;
}

export interface TusChunkSourceStats {
	/** How often a stream had to be opened again because the server was behind the buffered chunk. */
	reopens: number;
}

/**
 * Feeds tus-js-client fixed-size chunks cut from an n8n binary stream.
 *
 * tus-js-client asks for `slice(offset, offset + chunkSize)`, where `offset`
 * is what the server last confirmed. Three cases:
 * - the offset is inside the chunk already in memory (a retry, or the server
 *   kept part of a chunk when the connection dropped): the rest of that chunk
 *   is served again, without touching the stream;
 * - the offset is the end of that chunk (the normal case): the next chunk,
 *   already read ahead while the previous PATCH was on the wire, is served;
 * - anything else (the server is behind what we buffered, or ahead because an
 *   earlier execution sent part of the file): the reader moves to exactly that
 *   offset: a file reader seeks, a stream is skipped forward, or opened again
 *   and skipped.
 *
 * Memory: two chunk buffers, allocated once and reused (the one being sent
 * and the one being filled), whatever the file size.
 */
export class TusChunkSource implements TusFileSource {
	readonly size: number;

	readonly stats: TusChunkSourceStats = { reopens: 0 };

	private readonly chunkSize: number;

	private reader: ChunkReader | undefined;

	private current: Chunk | undefined;

	private ahead: Promise<Chunk | undefined> | undefined;

	private readonly buffers: Array<Buffer | undefined> = [undefined, undefined];

	private closed = false;

	/** Whether the last chunk was read and the binary was seen to end exactly at `size`. */
	endVerified = false;

	/** Whether the binary has been opened (or handed over open) before, to count re-opens. */
	private opened: boolean;

	constructor(private readonly options: TusChunkSourceOptions) {
		this.size = options.size;
		this.chunkSize = Math.min(options.chunkSize, options.size);
		this.reader = options.reader;
		this.opened = options.reader !== undefined;
	}

	async slice(start: number, end: number): Promise<{ value: TusChunk; done: boolean }> {
		if (this.options.signal?.aborted) throw new ExecutionCancelledError();
		if (start < 0 || start >= this.size || end <= start) {
			throw new Error(`tus asked for bytes ${start}-${end} of a ${this.size}-byte file`);
		}

		let chunk = this.chunkHolding(start, this.current);
		if (!chunk && this.ahead) {
			const next = await this.takeAhead();
			if (this.chunkHolding(start, next)) {
				this.current = next;
				chunk = next;
			}
		}
		if (!chunk) {
			this.current = undefined;
			try {
				await this.seek(start);
				chunk = await this.readChunk(start, 0);
			} finally {
				// A stream that failed once is not read again: the next attempt re-opens the binary.
				if (!chunk) {
					this.reader?.destroy();
					this.reader = undefined;
				}
			}
			this.current = chunk;
		}
		this.readAhead();

		const from = start - chunk.start;
		const to = Math.min(end, chunk.start + chunk.bytes.length) - chunk.start;
		const value = Object.assign(chunk.bytes.subarray(from, to), { size: to - from });
		return { value, done: start + value.size === this.size };
	}

	close() {
		this.closed = true;
		this.ahead?.catch(() => undefined);
		this.ahead = undefined;
		this.current = undefined;
		this.reader?.destroy();
		this.reader = undefined;
		this.buffers.fill(undefined);
	}

	private chunkHolding(offset: number, chunk: Chunk | undefined): Chunk | undefined {
		if (!chunk) return undefined;
		return offset >= chunk.start && offset < chunk.start + chunk.bytes.length ? chunk : undefined;
	}

	/** Waits for the read-ahead; a failed read-ahead only matters if its chunk is needed, and then it is read again. */
	private async takeAhead(): Promise<Chunk | undefined> {
		const pending = this.ahead;
		this.ahead = undefined;
		try {
			return await pending;
		} catch {
			this.reader?.destroy();
			this.reader = undefined;
			return undefined;
		}
	}

	/** Starts reading the chunk after the current one into the buffer the current one does not use. */
	private readAhead() {
		const current = this.current;
		if (this.ahead || this.closed || !current || !this.reader) return;
		const nextStart = current.start + current.bytes.length;
		if (nextStart >= this.size || this.reader.position !== nextStart) return;
		const slot = current.slot === 0 ? 1 : 0;
		this.ahead = this.readChunk(nextStart, slot);
		// Errors surface when (and if) the chunk is asked for.
		this.ahead.catch(() => undefined);
	}

	/** Positions the reader at `offset`, opening the binary again if it is a stream already past it. */
	private async seek(offset: number) {
		if (this.ahead) await this.takeAhead();
		if (this.reader?.seek) this.reader.seek(offset);
		if (this.reader && this.reader.position > offset) {
			this.reader.destroy();
			this.reader = undefined;
		}
		if (!this.reader) {
			if (this.opened) this.stats.reopens++;
			this.reader = await this.options.open();
			this.reader.seek?.(offset);
		}
		this.opened = true;
		await this.reader.skip(offset - this.reader.position);
		if (this.reader.position !== offset) throw new BinaryEndedEarlyError(this.size, this.reader.position);
	}

	private async readChunk(start: number, slot: number): Promise<Chunk> {
		const reader = this.reader;
		if (!reader) throw new Error('The binary stream is not open');
		const length = Math.min(this.chunkSize, this.size - start);
		const buffer = (this.buffers[slot] ??= Buffer.allocUnsafe(this.chunkSize));
		const bytes = await reader.read(length, buffer);
		if (bytes.length < length) throw new BinaryEndedEarlyError(this.size, start + bytes.length);
		if (start + length === this.size) {
			// Once per upload: the declared size is only n8n's word, the stream's end is the proof.
			const extra = await reader.bytesLeft();
			if (extra > 0) throw new BinaryLongerThanDeclaredError(this.size, this.size + extra);
			this.endVerified = true;
		}
		const inBuffer = bytes.buffer === buffer.buffer && bytes.byteOffset === buffer.byteOffset;
		return { start, bytes, slot: inBuffer ? slot : undefined };
	}
}
