import { randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';

const WRITE_BYTES = 16 * 1024 * 1024;

/**
 * Writes a file Roughy's sniffer takes for an MP4 (an `ftyp` box with the
 * `isom` brand) followed by pseudo-random bytes, so nothing along the way
 * can compress or deduplicate it.
 */
export async function writeMediaFile(path: string, size: number): Promise<void> {
	const file = await open(path, 'w');
	try {
		const buffer = Buffer.allocUnsafe(WRITE_BYTES);
		let written = 0;
		while (written < size) {
			const length = Math.min(WRITE_BYTES, size - written);
			randomFillSync(buffer, 0, length);
			if (written === 0) {
				// ftyp box: size 0x20, major brand isom, minor version 0x200, brands isom iso2 avc1 mp41.
				Buffer.from('000000206674797069736f6d0000020069736f6d69736f32617663316d703431', 'hex').copy(buffer, 0);
			}
			await file.write(buffer, 0, length, written);
			written += length;
		}
	} finally {
		await file.close();
	}
}
