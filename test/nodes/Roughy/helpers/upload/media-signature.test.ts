import { describeNonMedia, sniffMediaSignature } from '../../../../../nodes/Roughy/helpers/upload/media-signature';

/** The first bytes of a file: a signature, then filler up to 64 bytes. */
function head(...parts: Array<string | number[]>): Buffer {
	const bytes = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
	return Buffer.concat([bytes, Buffer.alloc(Math.max(0, 64 - bytes.length), 0x20)]);
}
const box = (size: number, type: string, rest = '') => head([0, 0, 0, size], type, rest);
function transportStream(): Buffer {
	const bytes = Buffer.alloc(188 * 3, 0xff);
	for (let packet = 0; packet < 3; packet++) bytes[packet * 188] = 0x47;
	return bytes;
}

describe('sniffMediaSignature', () => {
	it.each([
		['MP4', box(0x20, 'ftyp', 'isom'), 'MP4'],
		['MOV (ftyp qt)', box(0x14, 'ftyp', 'qt  '), 'MOV'],
		['MOV without ftyp', box(0x08, 'wide'), 'MOV'],
		['M4A', box(0x1c, 'ftyp', 'M4A '), 'M4A'],
		['MP3 with ID3 tag', head('ID3', [0x04, 0x00]), 'MP3'],
		['MP3 frame', head([0xff, 0xfb, 0x90, 0x64]), 'MP3'],
		['AAC (ADTS)', head([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), 'AAC'],
		['WAV', head('RIFF', [0x24, 0, 0, 0], 'WAVE'), 'WAV'],
		['AVI', head('RIFF', [0x24, 0, 0, 0], 'AVI '), 'AVI'],
		['OGG', head('OggS'), 'OGG'],
		['FLAC', head('fLaC'), 'FLAC'],
		['WebM/MKV', head([0x1a, 0x45, 0xdf, 0xa3]), 'WebM/MKV'],
		['AIFF', head('FORM', [0, 0, 0x10, 0], 'AIFF'), 'AIFF'],
		['WMV/WMA', head([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c]), 'ASF (WMV/WMA)'],
		['MPEG-TS', transportStream(), 'MPEG transport stream'],
	])('recognises %s', (_name, bytes, format) => {
		expect(sniffMediaSignature(bytes)?.format).toBe(format);
	});

	it.each([
		['a PNG image', head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
		['a PDF', head('%PDF-1.7')],
		['text', head('hello, this is not a video at all')],
		['a RIFF file that is neither WAV nor AVI', head('RIFF', [0x24, 0, 0, 0], 'WEBP')],
		['bytes that only look like an MP3 frame sync (bad bitrate)', head([0xff, 0xfb, 0xf0, 0x64])],
		['an ISO box type at the wrong place', head('ftyp', 'isom')],
		['zeros', Buffer.alloc(64)],
		['a single 0x47 byte that is not followed by more transport stream packets', head([0x47, 0x40, 0x00, 0x10])],
	])('rejects %s', (_name, bytes) => {
		expect(sniffMediaSignature(bytes)).toBeUndefined();
	});
});

describe('describeNonMedia', () => {
	it.each([
		[head([0x89, 0x50, 0x4e, 0x47]), 'a PNG image'],
		[head('%PDF-1.4'), 'a PDF document'],
		[head('{"not": "media"}'), 'JSON text'],
		[head('<!DOCTYPE html><html>'), 'an HTML page'],
		[head('plain words'), 'text'],
	])('names what the bytes look like', (bytes, name) => {
		expect(describeNonMedia(bytes)).toBe(name);
	});

	it('says nothing for bytes it cannot place', () => {
		expect(describeNonMedia(Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x9c, 0x80, 0x81]))).toBeUndefined();
	});
});
