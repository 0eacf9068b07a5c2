import { Readable } from 'node:stream';

import { StreamChunkReader } from '../../../../../nodes/Roughy/helpers/upload/stream-chunk-reader';

/** A stream that yields `bytes` in pieces of the given sizes, repeating the last size, like S3's ~16 KB pieces. */
function piecewise(bytes: Buffer, sizes: number[]): Readable {
	const pieces: Buffer[] = [];
	let at = 0;
	let index = 0;
	while (at < bytes.length) {
		const size = sizes[Math.min(index++, sizes.length - 1)];
		pieces.push(bytes.subarray(at, at + size));
		at += size;
	}
	return Readable.from(pieces);
}

function numbered(length: number): Buffer {
	const bytes = Buffer.alloc(length);
	for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
	return bytes;
}

describe('StreamChunkReader', () => {
	it('cuts small, uneven stream pieces into chunks of exactly the asked size', async () => {
		const bytes = numbered(100_000);
		const reader = new StreamChunkReader(piecewise(bytes, [1, 16_384, 777, 16_384]));
		const chunks: Buffer[] = [];
		for (;;) {
			const chunk = await reader.read(30_000);
			if (chunk.length === 0) break;
			chunks.push(Buffer.from(chunk));
		}
		expect(chunks.map((chunk) => chunk.length)).toEqual([30_000, 30_000, 30_000, 10_000]);
		expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
		expect(reader.position).toBe(100_000);
	});

	it('fills the buffer it is given instead of allocating one per chunk', async () => {
		const bytes = numbered(10_000);
		const reader = new StreamChunkReader(piecewise(bytes, [1000]));
		const into = Buffer.alloc(4000);
		const chunk = await reader.read(4000, into);
		expect(chunk.buffer).toBe(into.buffer);
		expect(chunk.equals(bytes.subarray(0, 4000))).toBe(true);
	});

	it('hands out a large piece without copying it', async () => {
		const bytes = numbered(10_000);
		const reader = new StreamChunkReader(piecewise(bytes, [10_000]));
		const chunk = await reader.read(4000, Buffer.alloc(4000));
		expect(chunk.buffer).toBe(bytes.buffer);
	});

	it('lets the head be peeked and then read again from the first byte', async () => {
		const bytes = numbered(5000);
		const reader = new StreamChunkReader(piecewise(bytes, [10, 20, 3000]));
		const head = await reader.peek(64);
		expect(head.equals(bytes.subarray(0, 64))).toBe(true);
		expect(reader.position).toBe(0);
		expect((await reader.read(5000)).equals(bytes)).toBe(true);
	});

	it('skips forward to an offset across piece boundaries', async () => {
		const bytes = numbered(50_000);
		const reader = new StreamChunkReader(piecewise(bytes, [16_384]));
		expect(await reader.skip(20_001)).toBe(20_001);
		expect((await reader.read(100)).equals(bytes.subarray(20_001, 20_101))).toBe(true);
		expect(reader.position).toBe(20_101);
	});

	it('returns a short chunk at the end of the stream and stops skipping there', async () => {
		const reader = new StreamChunkReader(piecewise(numbered(1000), [300]));
		expect((await reader.read(800)).length).toBe(800);
		expect((await reader.read(800)).length).toBe(200);
		expect(await reader.skip(10)).toBe(0);
	});

	it('passes a failing stream’s error to the reader', async () => {
		const failing = new Readable({
			read() {
				this.destroy(new Error('disk gone'));
			},
		});
		await expect(new StreamChunkReader(failing).read(10)).rejects.toThrow('disk gone');
	});
});
