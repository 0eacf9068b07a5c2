import { Readable } from 'node:stream';

import { ExecutionCancelledError } from '../../../../../nodes/shared/abortable-sleep';
import { StreamChunkReader } from '../../../../../nodes/Roughy/helpers/upload/stream-chunk-reader';
import { BinaryEndedEarlyError, BinaryLongerThanDeclaredError } from '../../../../../nodes/Roughy/helpers/upload/chunk-reader';
import { TusChunkSource } from '../../../../../nodes/Roughy/helpers/upload/tus-chunk-source';

const KIB = 1024;

function numbered(length: number): Buffer {
	const bytes = Buffer.alloc(length);
	for (let i = 0; i < length; i++) bytes[i] = (i * 13 + (i >> 10)) & 0xff;
	return bytes;
}

/** A binary "store": every open() streams the file from byte 0 in 16 KiB pieces, like S3 mode. */
function store(bytes: Buffer) {
	const opened = { count: 0 };
	const open = async () => {
		opened.count++;
		const pieces: Buffer[] = [];
		for (let at = 0; at < bytes.length; at += 16 * KIB) pieces.push(bytes.subarray(at, at + 16 * KIB));
		return new StreamChunkReader(Readable.from(pieces));
	};
	return { open, opened };
}

async function sliceAll(source: TusChunkSource, chunkSize: number) {
	const chunks: Buffer[] = [];
	for (let offset = 0; offset < source.size; ) {
		const { value } = await source.slice(offset, offset + chunkSize);
		chunks.push(Buffer.from(value));
		offset += value.size;
	}
	return Buffer.concat(chunks);
}

describe('TusChunkSource', () => {
	it('proves the binary ends at the declared size, and refuses one that goes on (an S3 or database stream longer than n8n recorded)', async () => {
		const bytes = numbered(100 * KIB);
		const exact = new TusChunkSource({ size: bytes.length, chunkSize: 40 * KIB, open: store(bytes).open });
		await sliceAll(exact, 40 * KIB);
		expect(exact.endVerified).toBe(true);
		exact.close();

		const declared = 90 * KIB;
		const longer = new TusChunkSource({ size: declared, chunkSize: 40 * KIB, open: store(bytes).open });
		await longer.slice(0, 40 * KIB);
		await longer.slice(40 * KIB, 80 * KIB);
		const error = await longer.slice(80 * KIB, declared).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(BinaryLongerThanDeclaredError);
		expect(error).toMatchObject({ expected: declared, actual: bytes.length });
		expect(longer.endVerified).toBe(false);
		longer.close();
	});

	it('serves the file as fixed-size chunks, the last one short and marked done', async () => {
		const bytes = numbered(100 * KIB + 1);
		const { open } = store(bytes);
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 40 * KIB, open });
		const sizes: number[] = [];
		let done = false;
		for (let offset = 0; offset < bytes.length; ) {
			const slice = await source.slice(offset, offset + 40 * KIB);
			expect(slice.value.equals(bytes.subarray(offset, offset + slice.value.size))).toBe(true);
			sizes.push(slice.value.size);
			offset += slice.value.size;
			done = slice.done;
		}
		expect(sizes).toEqual([40 * KIB, 40 * KIB, 20 * KIB + 1]);
		expect(done).toBe(true);
		source.close();
	});

	it('keeps memory flat: every chunk is one of the same two buffers', async () => {
		const bytes = numbered(1024 * KIB);
		const { open } = store(bytes);
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open });
		const backing = new Set<ArrayBufferLike>();
		for (let offset = 0; offset < bytes.length; offset += 64 * KIB) {
			backing.add((await source.slice(offset, offset + 64 * KIB)).value.buffer);
		}
		expect(backing.size).toBe(2);
		source.close();
	});

	it('serves a retry from inside the buffered chunk without reading the stream again', async () => {
		const bytes = numbered(200 * KIB);
		const { open, opened } = store(bytes);
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open });
		await source.slice(0, 64 * KIB);
		await source.slice(64 * KIB, 128 * KIB);
		// The connection dropped after the server stored 10 000 bytes of the second chunk.
		const retry = await source.slice(64 * KIB + 10_000, 128 * KIB + 10_000);
		expect(retry.value.size).toBe(64 * KIB - 10_000);
		expect(retry.value.equals(bytes.subarray(64 * KIB + 10_000, 128 * KIB))).toBe(true);
		const next = await source.slice(128 * KIB, 192 * KIB);
		expect(next.value.equals(bytes.subarray(128 * KIB, 192 * KIB))).toBe(true);
		expect(opened.count).toBe(1);
		expect(source.stats.reopens).toBe(0);
		source.close();
	});

	it('opens the binary again and skips ahead when the server is behind the buffered chunk', async () => {
		const bytes = numbered(300 * KIB);
		const { open, opened } = store(bytes);
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open });
		await source.slice(0, 64 * KIB);
		await source.slice(64 * KIB, 128 * KIB);
		await source.slice(128 * KIB, 192 * KIB);
		const behind = await source.slice(5000, 5000 + 64 * KIB);
		expect(behind.value.equals(bytes.subarray(5000, 5000 + 64 * KIB))).toBe(true);
		expect(opened.count).toBe(2);
		expect(source.stats.reopens).toBe(1);
		source.close();
	});

	it('starts at the server’s offset when an earlier run sent part of the file', async () => {
		const bytes = numbered(300 * KIB);
		const { open } = store(bytes);
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open });
		const first = await source.slice(100_000, 100_000 + 64 * KIB);
		expect(first.value.equals(bytes.subarray(100_000, 100_000 + 64 * KIB))).toBe(true);
		expect((await sliceRest(source, 100_000 + 64 * KIB, 64 * KIB)).equals(bytes.subarray(100_000 + 64 * KIB))).toBe(true);
		source.close();
	});

	it('uses a reader that is already open (the one the head was sniffed from)', async () => {
		const bytes = numbered(150 * KIB);
		const { open, opened } = store(bytes);
		const reader = await open();
		await reader.peek(64);
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open, reader });
		expect((await sliceAll(source, 64 * KIB)).equals(bytes)).toBe(true);
		expect(opened.count).toBe(1);
		source.close();
	});

	it('stops before the next chunk once the execution is cancelled', async () => {
		const bytes = numbered(200 * KIB);
		const controller = new AbortController();
		const source = new TusChunkSource({
			size: bytes.length,
			chunkSize: 64 * KIB,
			open: store(bytes).open,
			signal: controller.signal,
		});
		await source.slice(0, 64 * KIB);
		controller.abort();
		await expect(source.slice(64 * KIB, 128 * KIB)).rejects.toBeInstanceOf(ExecutionCancelledError);
		source.close();
	});

	it('reports a binary that is shorter than its stated size', async () => {
		const bytes = numbered(100 * KIB);
		const source = new TusChunkSource({ size: 150 * KIB, chunkSize: 64 * KIB, open: store(bytes).open });
		await source.slice(0, 64 * KIB);
		await expect(source.slice(64 * KIB, 128 * KIB)).rejects.toBeInstanceOf(BinaryEndedEarlyError);
		source.close();
	});

	it('re-opens the binary after a read error instead of reading a broken stream', async () => {
		const bytes = numbered(100 * KIB);
		let opens = 0;
		const open = async () => {
			opens++;
			if (opens === 1) {
				return new StreamChunkReader(
					new Readable({
						read() {
							this.destroy(new Error('store hiccup'));
						},
					}),
				);
			}
			return new StreamChunkReader(Readable.from([bytes]));
		};
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open });
		await expect(source.slice(0, 64 * KIB)).rejects.toThrow('store hiccup');
		expect((await source.slice(0, 64 * KIB)).value.equals(bytes.subarray(0, 64 * KIB))).toBe(true);
		source.close();
	});
});

async function sliceRest(source: TusChunkSource, from: number, chunkSize: number) {
	const chunks: Buffer[] = [];
	for (let offset = from; offset < source.size; ) {
		const { value } = await source.slice(offset, offset + chunkSize);
		chunks.push(Buffer.from(value));
		offset += value.size;
	}
	return Buffer.concat(chunks);
}
