/**
 * Reads a binary front to back in pieces of exactly the size asked for.
 * Two kinds: a stream re-cutter (any n8n binary data mode) and a positioned
 * file reader (n8n's filesystem mode, where the file can be read in place).
 */
export interface ChunkReader {
	/** How many bytes of the file have been handed out (or skipped) so far. */
	readonly position: number;
	/**
	 * The next `length` bytes (fewer only at the end of the file), in `into`
	 * when given and large enough (reused by the caller so memory stays
	 * flat), otherwise in a buffer the reader chooses.
	 */
	read(length: number, into?: Buffer): Promise<Buffer>;
	/** A copy of the next `length` bytes, without consuming them (for sniffing). */
	peek(length: number): Promise<Buffer>;
	/** Moves past `length` bytes; returns how many there were. */
	skip(length: number): Promise<number>;
	/**
	 * Moves to `offset`, backwards too. Absent on readers that can only go
	 * forward (streams), which are opened again instead.
	 */
	seek?(offset: number): void;
	/**
	 * How many bytes come after the current position: called once, at the
	 * declared end, to prove the binary ends there (a stream is read to its end).
	 */
	bytesLeft(): Promise<number>;
	destroy(): void;
}

/** The binary ended before the size n8n reported: the upload can never complete from it. */
export class BinaryEndedEarlyError extends Error {
	constructor(
		readonly expected: number,
		readonly received: number,
	) {
		super(`The binary file ended after ${received} bytes, but its size was given as ${expected} bytes`);
		this.name = 'BinaryEndedEarlyError';
	}
}

/** The binary goes on past the size n8n reported: sending the declared size would store a truncated file. */
export class BinaryLongerThanDeclaredError extends Error {
	constructor(
		readonly expected: number,
		readonly actual: number,
	) {
		super(`The binary file has ${actual} bytes, but its size was given as ${expected} bytes`);
		this.name = 'BinaryLongerThanDeclaredError';
	}
}
