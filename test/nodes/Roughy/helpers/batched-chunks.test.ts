import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { inBatches } from '../../../../nodes/Roughy/helpers/batched-chunks';

const KIB = 1024;

/** What a consumer such as n8n's file store is handed, piece by piece. */
async function collect(stream: Readable): Promise<Buffer[]> {
	const pieces: Buffer[] = [];
	for await (const piece of stream) pieces.push(piece as Buffer);
	return pieces;
}

function socketLike(bytes: Buffer, pieceSize: number): Readable {
	const pieces: Buffer[] = [];
	for (let offset = 0; offset < bytes.length; offset += pieceSize) pieces.push(bytes.subarray(offset, offset + pieceSize));
	return Readable.from(pieces, { objectMode: false });
}

describe('inBatches (downloads handed to n8n in large pieces)', () => {
	test('turns 64 KiB pieces into pieces of at least the batch size, the last one holding the rest', async () => {
		const bytes = randomBytes(1000 * KIB);

		const pieces = await collect(inBatches(socketLike(bytes, 64 * KIB), { batchBytes: 256 * KIB }));

		expect(pieces.map((piece) => piece.length)).toEqual([256 * KIB, 256 * KIB, 256 * KIB, 232 * KIB]);
		expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
	});

	test('passes a download smaller than one batch through whole, and an empty one as nothing', async () => {
		const small = randomBytes(10 * KIB);

		expect(Buffer.concat(await collect(inBatches(socketLike(small, 4 * KIB), { batchBytes: 256 * KIB }))).equals(small)).toBe(true);
		expect(await collect(inBatches(Readable.from([], { objectMode: false }), { batchBytes: 256 * KIB }))).toEqual([]);
	});

	test('a slow download passes on what it has once the wait is over, without waiting for a full batch', async () => {
		let clock = 0;
		const source = new Readable({ read() {} });
		const batches = inBatches(source, { batchBytes: 256 * KIB, maxWaitMs: 1000, now: () => clock });
		const received: number[] = [];
		batches.on('data', (piece: Buffer) => received.push(piece.length));

		for (const [at, size] of [[0, 10], [400, 10], [1000, 10], [1500, 10], [2100, 10]] as const) {
			clock = at;
			source.push(Buffer.alloc(size * KIB));
			await new Promise((resolve) => setImmediate(resolve));
		}
		source.push(null);
		await new Promise((resolve) => batches.once('end', resolve));

		expect(received).toEqual([30 * KIB, 20 * KIB]);
	});

	test('a download that breaks off fails the consumer with its error', async () => {
		const source = new Readable({ read() {} });
		source.push(randomBytes(100 * KIB));
		setImmediate(() => source.destroy(new Error('socket hang up')));

		await expect(collect(inBatches(source, { batchBytes: 256 * KIB }))).rejects.toThrow('socket hang up');
	});

	test('a consumer that gives up ends the download', async () => {
		const source = new Readable({ read() {} });
		source.push(randomBytes(300 * KIB));
		const failingStore = new Writable({ write: (_piece, _encoding, done) => done(new Error('disk full')) });

		await expect(pipeline(inBatches(source, { batchBytes: 256 * KIB }), failingStore)).rejects.toThrow('disk full');
		expect(source.destroyed).toBe(true);
	});
});
