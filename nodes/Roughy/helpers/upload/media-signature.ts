/**
 * Recognises audio and video files by their first bytes, the way Roughy
 * does when the first chunk arrives. The MIME type on an n8n binary is only
 * a guess from the file name (or whatever the previous node said), so the
 * bytes decide: a PDF named "talk.mp4" is caught here, before an asset is
 * created, instead of costing an asset and a 409 from Roughy.
 */

export interface MediaSignature {
	/** Short container name for messages, e.g. "MP4/MOV", "MP3". */
	format: string;
	kind: 'audio' | 'video' | 'audio or video';
}

/** Enough for every signature below, including an MP3 frame after a short ID3 tag. */
export const SNIFF_BYTES = 4096;

function ascii(head: Buffer, start: number, length: number): string {
	return head.toString('latin1', start, start + length);
}

// ISO base media (MP4, MOV, M4A, 3GP): a box size, then its type. Files
// start with `ftyp`; older QuickTime files may start with one of the others.
const ISO_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);

function isoMedia(head: Buffer): MediaSignature | undefined {
	if (head.length < 12 || !ISO_FIRST_BOXES.has(ascii(head, 4, 4))) return undefined;
	const boxSize = head.readUInt32BE(0);
	// 0 = "to end of file", 1 = 64-bit size follows; otherwise a box is at least its header.
	if (boxSize !== 0 && boxSize !== 1 && boxSize < 8) return undefined;
	if (ascii(head, 4, 4) !== 'ftyp') return { format: 'MOV', kind: 'video' };
	const brand = ascii(head, 8, 4);
	if (AUDIO_BRANDS.has(brand)) return { format: 'M4A', kind: 'audio' };
	if (brand === 'qt  ') return { format: 'MOV', kind: 'video' };
	return { format: 'MP4', kind: 'audio or video' };
}

function riff(head: Buffer): MediaSignature | undefined {
	if (head.length < 12 || ascii(head, 0, 4) !== 'RIFF') return undefined;
	const form = ascii(head, 8, 4);
	if (form === 'WAVE') return { format: 'WAV', kind: 'audio' };
	if (form === 'AVI ') return { format: 'AVI', kind: 'video' };
	return undefined;
}

function aiff(head: Buffer): MediaSignature | undefined {
	if (head.length < 12 || ascii(head, 0, 4) !== 'FORM') return undefined;
	const form = ascii(head, 8, 4);
	return form === 'AIFF' || form === 'AIFC' ? { format: 'AIFF', kind: 'audio' } : undefined;
}

/** An MPEG audio frame header (MP1/2/3): sync, a valid version, layer, bitrate and sample rate. */
function isMpegAudioFrame(head: Buffer, at: number): boolean {
	if (head.length < at + 4) return false;
	const [b0, b1, b2] = [head[at], head[at + 1], head[at + 2]];
	if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
	const version = (b1 >> 3) & 0x03;
	const layer = (b1 >> 1) & 0x03;
	const bitrate = b2 >> 4;
	const sampleRate = (b2 >> 2) & 0x03;
	return version !== 0x01 && layer !== 0x00 && bitrate !== 0x0f && bitrate !== 0x00 && sampleRate !== 0x03;
}

/** AAC in ADTS frames (.aac): 12-bit sync, layer 00, a valid sampling index. */
function isAdtsFrame(head: Buffer, at: number): boolean {
	if (head.length < at + 7) return false;
	return head[at] === 0xff && (head[at + 1] & 0xf6) === 0xf0 && ((head[at + 2] >> 2) & 0x0f) < 13;
}

function mpegAudio(head: Buffer): MediaSignature | undefined {
	if (head.length >= 10 && ascii(head, 0, 3) === 'ID3' && head[3] < 0xff && head[4] < 0xff) {
		return { format: 'MP3', kind: 'audio' };
	}
	if (isMpegAudioFrame(head, 0)) return { format: 'MP3', kind: 'audio' };
	if (isAdtsFrame(head, 0)) return { format: 'AAC', kind: 'audio' };
	return undefined;
}

// The check only has to tell media from everything else (documents,
// images, text), so it also lets through containers Roughy may not take:
// Roughy has the final word on the first chunk, and a refusal there costs
// one chunk, not a wrongly refused file.
const MAGIC: Array<{ bytes: number[]; signature: MediaSignature }> = [
	{ bytes: [0x4f, 0x67, 0x67, 0x53], signature: { format: 'OGG', kind: 'audio or video' } },
	{ bytes: [0x66, 0x4c, 0x61, 0x43], signature: { format: 'FLAC', kind: 'audio' } },
	{ bytes: [0x1a, 0x45, 0xdf, 0xa3], signature: { format: 'WebM/MKV', kind: 'audio or video' } },
	{
		bytes: [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c],
		signature: { format: 'ASF (WMV/WMA)', kind: 'audio or video' },
	},
	{ bytes: [0x00, 0x00, 0x01, 0xba], signature: { format: 'MPEG program stream', kind: 'video' } },
	{ bytes: [0x46, 0x4c, 0x56, 0x01], signature: { format: 'FLV', kind: 'video' } },
	{ bytes: [0x23, 0x21, 0x41, 0x4d, 0x52], signature: { format: 'AMR', kind: 'audio' } },
	{ bytes: [0x63, 0x61, 0x66, 0x66], signature: { format: 'CAF', kind: 'audio' } },
];

/** MPEG transport stream: a 0x47 sync byte at the start of each 188-byte packet. */
function mpegTransportStream(head: Buffer): MediaSignature | undefined {
	if (head.length < 188 * 2 + 1) return undefined;
	return head[0] === 0x47 && head[188] === 0x47 && head[376] === 0x47
		? { format: 'MPEG transport stream', kind: 'video' }
		: undefined;
}

function startsWith(head: Buffer, bytes: number[]): boolean {
	return head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte);
}

/** The audio or video format the bytes start with, or undefined if they are not media Roughy takes. */
export function sniffMediaSignature(head: Buffer): MediaSignature | undefined {
	for (const { bytes, signature } of MAGIC) {
		if (startsWith(head, bytes)) return signature;
	}
	return isoMedia(head) ?? riff(head) ?? aiff(head) ?? mpegTransportStream(head) ?? mpegAudio(head);
}

const NOT_MEDIA: Array<{ bytes: number[]; name: string }> = [
	{ bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
	{ bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
	{ bytes: [0x25, 0x50, 0x44, 0x46], name: 'a PDF document' },
	{ bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a ZIP archive (or an Office document)' },
	{ bytes: [0x1f, 0x8b], name: 'a gzip archive' },
];

/** A guess at what non-media bytes are, to make the error concrete ("looks like a PDF document"). */
export function describeNonMedia(head: Buffer): string | undefined {
	for (const { bytes, name } of NOT_MEDIA) {
		if (startsWith(head, bytes)) return name;
	}
	if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'a WebP image';
	const sample = head.subarray(0, 512);
	const printable = sample.filter((byte) => byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127));
	if (sample.length > 0 && printable.length / sample.length > 0.95) {
		const text = sample.toString('latin1').trimStart();
		if (text.startsWith('{') || text.startsWith('[')) return 'JSON text';
		if (/^<(!doctype|html)/i.test(text)) return 'an HTML page';
		return 'text';
	}
	return undefined;
}
