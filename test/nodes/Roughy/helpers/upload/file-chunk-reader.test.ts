import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { FileChunkReader } from '../../../../../nodes/Roughy/helpers/upload/file-chunk-reader';
import { StreamChunkReader } from '../../../../../nodes/Roughy/helpers/upload/stream-chunk-reader';
import { BinaryEndedEarlyError } from '../../../../../nodes/Roughy/helpers/upload/chunk-reader';
import { TusChunkSource } from '../../../../../nodes/Roughy/helpers/upload/tus-chunk-source';

const KIB = 1024;

function numbered(length: number): Buffer {
	const bytes = Buffer.alloc(length);
	for (let i = 0; i < length; i++) bytes[i] = (i * 7 + (i >> 9)) & 0xff;
	return bytes;
}

let folder: string;
beforeAll(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'roughy-file-reader-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fileWith(bytes: Buffer, name = `f-${Math.random().toString(36).slice(2)}.mp4`): string {
	const file = path.join(folder, name);
	writeFileSync(file, bytes);
	return file;
}

describe('FileChunkReader', () => {
	it('reads exactly the lengths asked for into the caller’s buffer, the last one short', async () => {
		const bytes = numbered(100 * KIB + 7);
		const reader = await FileChunkReader.open(fileWith(bytes), bytes.length);
		const into = Buffer.alloc(40 * KIB);
		const pieces: Buffer[] = [];
		for (;;) {
			const piece = await reader.read(40 * KIB, into);
			if (piece.length === 0) break;
			expect(piece.buffer).toBe(into.buffer);
			pieces.push(Buffer.from(piece));
		}
		expect(pieces.map((piece) => piece.length)).toEqual([40 * KIB, 40 * KIB, 20 * KIB + 7]);
		expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
		expect(reader.position).toBe(bytes.length);
		reader.destroy();
	});

	it('peeks without moving, skips and seeks by position alone', async () => {
		const bytes = numbered(10 * KIB);
		const reader = await FileChunkReader.open(fileWith(bytes), bytes.length);
		expect((await reader.peek(64)).equals(bytes.subarray(0, 64))).toBe(true);
		expect(reader.position).toBe(0);
		expect(await reader.skip(6000)).toBe(6000);
		expect((await reader.read(100)).equals(bytes.subarray(6000, 6100))).toBe(true);
		reader.seek(10);
		expect((await reader.read(100)).equals(bytes.subarray(10, 110))).toBe(true);
		// Skipping past the end stops at the end.
		expect(await reader.skip(1_000_000)).toBe(bytes.length - 110);
		expect((await reader.read(10)).length).toBe(0);
		reader.destroy();
	});

	it('refuses a file whose size is not the one n8n recorded', async () => {
		const file = fileWith(numbered(1000));
		await expect(FileChunkReader.open(file, 1001)).rejects.toBeInstanceOf(BinaryEndedEarlyError);
		await expect(FileChunkReader.open(file, 999)).rejects.toThrow('has 1000 bytes, but its size was given as 999 bytes');
		await expect(FileChunkReader.open(path.join(folder, 'missing.mp4'), 10)).rejects.toThrow(/ENOENT/);
	});

	it('returns fewer bytes when the file shrinks while it is read, so the upload reports it', async () => {
		const bytes = numbered(200 * KIB);
		const file = fileWith(bytes);
		const open = async () => await FileChunkReader.open(file, bytes.length);
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open, reader: await open() });
		truncateSync(file, 100 * KIB);
		await source.slice(0, 64 * KIB);
		await expect(source.slice(64 * KIB, 128 * KIB)).rejects.toBeInstanceOf(BinaryEndedEarlyError);
		source.close();
	});
});

describe('TusChunkSource over a file read in place', () => {
	it('seeks back when the server is behind the buffered chunk, without opening the file again', async () => {
		const bytes = numbered(300 * KIB);
		const file = fileWith(bytes);
		let opens = 0;
		const source = new TusChunkSource({
			size: bytes.length,
			chunkSize: 64 * KIB,
			open: async () => {
				opens++;
				return await FileChunkReader.open(file, bytes.length);
			},
		});
		await source.slice(0, 64 * KIB);
		await source.slice(64 * KIB, 128 * KIB);
		await source.slice(128 * KIB, 192 * KIB);
		const behind = await source.slice(5000, 5000 + 64 * KIB);
		expect(behind.value.equals(bytes.subarray(5000, 5000 + 64 * KIB))).toBe(true);
		const rest: Buffer[] = [];
		for (let offset = 5000 + 64 * KIB; offset < bytes.length; ) {
			const { value } = await source.slice(offset, offset + 64 * KIB);
			rest.push(Buffer.from(value));
			offset += value.size;
		}
		expect(Buffer.concat(rest).equals(bytes.subarray(5000 + 64 * KIB))).toBe(true);
		expect(opens).toBe(1);
		expect(source.stats.reopens).toBe(0);
		source.close();
	});

	it('starts at a far offset (an earlier run sent most of the file) without reading what comes before', async () => {
		const bytes = numbered(300 * KIB);
		const file = fileWith(bytes);
		const reader = await FileChunkReader.open(file, bytes.length);
		const read = jest.spyOn(reader, 'read');
		const source = new TusChunkSource({ size: bytes.length, chunkSize: 64 * KIB, open: async () => reader, reader });
		const first = await source.slice(250 * KIB, 250 * KIB + 64 * KIB);
		expect(first.value.equals(bytes.subarray(250 * KIB))).toBe(true);
		expect(first.done).toBe(true);
		// One read: the 50 KiB from the offset, nothing before it.
		expect(read.mock.calls.map(([length]) => length)).toEqual([50 * KIB]);
		source.close();
	});

	it('serves the same bytes as the stream reader for the same file', async () => {
		const bytes = numbered(130 * KIB + 3);
		const file = fileWith(bytes);
		const viaFile = new TusChunkSource({ size: bytes.length, chunkSize: 48 * KIB, open: async () => await FileChunkReader.open(file, bytes.length) });
		const viaStream = new TusChunkSource({
			size: bytes.length,
			chunkSize: 48 * KIB,
			open: async () => new StreamChunkReader(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)])),
		});
		for (let offset = 0; offset < bytes.length; offset += 48 * KIB) {
			const a = await viaFile.slice(offset, offset + 48 * KIB);
			const b = await viaStream.slice(offset, offset + 48 * KIB);
			expect(a.value.equals(b.value)).toBe(true);
			expect(a.done).toBe(b.done);
		}
		viaFile.close();
		viaStream.close();
	});
});
