import { open, type FileHandle } from 'fs/promises';

import { BinaryEndedEarlyError, BinaryLongerThanDeclaredError, type ChunkReader } from './chunk-reader';

/**
 * Reads a file in place with positioned reads straight into the caller's
 * buffer. Used for n8n's filesystem binary mode: compared with the stream
 * n8n hands out, nothing is allocated per read (the stream makes a new
 * buffer for every piece, and on multi-gigabyte files the garbage
 * collector then competes with the upload for the CPU), nothing is copied
 * twice, and resuming at a server offset is a seek instead of reading the
 * file again from its first byte.
 */
export class FileChunkReader implements ChunkReader {
	position = 0;

	private constructor(
		private readonly file: FileHandle,
		private readonly size: number,
	) {}

	/** Opens `path`, whose size must be `size`: n8n's metadata and the file on disk have to agree. */
	static async open(path: string, size: number): Promise<FileChunkReader> {
		const file = await open(path, 'r');
		const problem = await sizeProblem(file, size);
		if (problem) {
			await file.close();
			throw problem;
		}
		return new FileChunkReader(file, size);
	}

	async read(length: number, into?: Buffer): Promise<Buffer> {
		const bytes = await this.readAt(this.position, length, into);
		this.position += bytes.length;
		return bytes;
	}

	async peek(length: number): Promise<Buffer> {
		return await this.readAt(this.position, length);
	}

	async skip(length: number): Promise<number> {
		const skipped = Math.max(0, Math.min(length, this.size - this.position));
		this.position += skipped;
		return skipped;
	}

	seek(offset: number) {
		this.position = Math.max(0, Math.min(offset, this.size));
	}

	/** From the file as it is now: it may have grown since it was opened. */
	async bytesLeft(): Promise<number> {
		const { size } = await this.file.stat();
		return Math.max(0, size - this.position);
	}

	destroy() {
		this.file.close().catch(() => undefined);
	}

	/** Fills the target from `position` until it is full or the file ends (a read may return less than asked). */
	private async readAt(position: number, length: number, into?: Buffer): Promise<Buffer> {
		const wanted = Math.max(0, Math.min(length, this.size - position));
		const target = into && into.length >= wanted ? into.subarray(0, wanted) : Buffer.allocUnsafe(wanted);
		let filled = 0;
		while (filled < wanted) {
			const { bytesRead } = await this.file.read(target, filled, wanted - filled, position + filled);
			if (bytesRead === 0) break;
			filled += bytesRead;
		}
		return filled === wanted ? target : target.subarray(0, filled);
	}
}

/** Checked on every open, since the file can change between two of them. */
async function sizeProblem(file: FileHandle, size: number): Promise<Error | undefined> {
	const stats = await file.stat().catch((error: Error) => error);
	if (stats instanceof Error) return stats;
	if (!stats.isFile()) return new Error("n8n's binary store holds no file for this binary");
	if (stats.size < size) return new BinaryEndedEarlyError(size, stats.size);
	if (stats.size > size) return new BinaryLongerThanDeclaredError(size, stats.size);
	return undefined;
}
