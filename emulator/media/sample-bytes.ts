import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * Plausible media bytes for things the emulator never really encodes
 * (render outputs, seeded assets): a correct container signature for the
 * format, then deterministic filler, so downloads are byte-for-byte
 * repeatable and recognisable by type sniffers.
 */
export function mediaHeader(extension: string): Buffer {
	switch (extension) {
		case 'mp4':
			return ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']);
		case 'mov':
			return ftyp('qt  ', ['qt  ']);
		case 'm4a':
			return ftyp('M4A ', ['M4A ', 'mp42', 'isom']);
		case 'mp3':
			// ID3v2.4 tag header with an empty tag, then an MPEG-1 Layer III frame header (128 kbit/s, 44.1 kHz).
			return Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]);
		case 'wav':
			return Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WAVEfmt ')]);
		case 'flac':
			return Buffer.from('fLaC');
		case 'ogg':
			return Buffer.from('OggS');
		case 'webm':
			return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84]), Buffer.from('webm')]);
		default:
			return ftyp('isom', ['isom']);
	}
}

function ftyp(major: string, compatible: string[]): Buffer {
	const size = 16 + compatible.length * 4;
	const box = Buffer.alloc(size);
	box.writeUInt32BE(size, 0);
	box.write('ftyp', 4, 'latin1');
	box.write(major, 8, 'latin1');
	box.writeUInt32BE(0x200, 12);
	compatible.forEach((brand, index) => box.write(brand, 16 + index * 4, 'latin1'));
	return box;
}

const FILLER_BLOCK = 64 * 1024;

/** One 64 KiB block of filler derived from the seed: the same seed always gives the same bytes. */
function fillerBlock(seed: string): Buffer {
	const block = Buffer.alloc(FILLER_BLOCK);
	let state = createHash('sha256').update(seed).digest();
	for (let at = 0; at < FILLER_BLOCK; at += state.length) {
		state.copy(block, at);
		state = createHash('sha256').update(state).digest();
	}
	return block;
}

/** `size` bytes: the format's header, then the seed's filler block repeated. */
export function sampleMediaStream(extension: string, size: number, seed: string): Readable {
	const header = mediaHeader(extension).subarray(0, size);
	const block = fillerBlock(seed);
	let sent = 0;
	let headerSent = false;
	return new Readable({
		read() {
			if (!headerSent) {
				headerSent = true;
				sent = header.length;
				if (header.length > 0) return void this.push(header);
			}
			if (sent >= size) return void this.push(null);
			const chunk = block.subarray(0, Math.min(block.length, size - sent));
			sent += chunk.length;
			this.push(chunk);
		},
	});
}

/** The same bytes as sampleMediaStream, hashed without holding them all. */
export async function sampleMediaSha256(extension: string, size: number, seed: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of sampleMediaStream(extension, size, seed)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}
