import type { MediaKind } from '../model';

const ISO_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);

/** 0 = "to end of file", 1 = a 64-bit size follows; otherwise a box is at least its 8-byte header. */
function plausibleBoxSize(size: number): boolean {
	return size === 0 || size === 1 || size >= 8;
}

/**
 * Recognises audio/video containers from the first bytes of an upload, the
 * way Roughy sniffs the first chunk. Only signatures are checked; the
 * emulator never decodes media.
 */
export function sniffMedia(head: Buffer): MediaKind | null {
	const ascii = (start: number, end: number) => head.toString('latin1', start, end);

	// ISO base media (MP4, MOV, M4A): a box size, then `ftyp` and the major brand; older
	// QuickTime files may open with another top-level box instead.
	if (head.length >= 12 && ISO_FIRST_BOXES.has(ascii(4, 8)) && plausibleBoxSize(head.readUInt32BE(0))) {
		if (ascii(4, 8) !== 'ftyp') return { type: 'video', extension: 'mov', content_type: 'video/quicktime' };
		const brand = ascii(8, 12);
		if (brand === 'qt  ') return { type: 'video', extension: 'mov', content_type: 'video/quicktime' };
		if (AUDIO_BRANDS.has(brand)) return { type: 'audio', extension: 'm4a', content_type: 'audio/mp4' };
		return { type: 'video', extension: 'mp4', content_type: 'video/mp4' };
	}
	if (ascii(0, 3) === 'ID3' && head[3] < 0xff && head[4] < 0xff) return { type: 'audio', extension: 'mp3', content_type: 'audio/mpeg' };
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return { type: 'audio', extension: 'wav', content_type: 'audio/wav' };
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ') return { type: 'video', extension: 'avi', content_type: 'video/x-msvideo' };
	if (ascii(0, 4) === 'fLaC') return { type: 'audio', extension: 'flac', content_type: 'audio/flac' };
	if (ascii(0, 4) === 'OggS') {
		return head.includes('theora', 0, 'latin1')
			? { type: 'video', extension: 'ogv', content_type: 'video/ogg' }
			: { type: 'audio', extension: 'ogg', content_type: 'audio/ogg' };
	}
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) {
		return head.includes('webm', 0, 'latin1')
			? { type: 'video', extension: 'webm', content_type: 'video/webm' }
			: { type: 'video', extension: 'mkv', content_type: 'video/x-matroska' };
	}
	if (isMpegAudioFrame(head)) return { type: 'audio', extension: 'mp3', content_type: 'audio/mpeg' };
	if (isAdtsFrame(head)) return { type: 'audio', extension: 'aac', content_type: 'audio/aac' };
	return null;
}

/** An MPEG-1/2 audio frame header without ID3: 11 sync bits, a real layer, a usable bitrate and sample rate. */
function isMpegAudioFrame(head: Buffer): boolean {
	if (head.length < 4 || head[0] !== 0xff || (head[1] & 0xe0) !== 0xe0) return false;
	const version = (head[1] >> 3) & 0x03;
	const layer = (head[1] >> 1) & 0x03;
	const bitrateIndex = head[2] >> 4;
	const sampleRateIndex = (head[2] >> 2) & 0x03;
	return version !== 0x01 && layer !== 0x00 && bitrateIndex !== 0x0f && bitrateIndex !== 0x00 && sampleRateIndex !== 0x03;
}

/** AAC in ADTS: 12 sync bits and layer 00. */
function isAdtsFrame(head: Buffer): boolean {
	return head.length >= 7 && head[0] === 0xff && (head[1] & 0xf6) === 0xf0 && ((head[2] >> 2) & 0x0f) < 13;
}
