import { sniffMedia } from '../../emulator/uploads/media-sniff';
import { fakeMp3, fakeMp4, fakeWav, notMedia } from '../fixtures/media';
import { useEmulator } from './support/client';
import { readyAsset } from './support/uploads';

/** A first chunk: the signature bytes, padded to the 64 the API sniffs. */
function head(...parts: Array<string | number[]>): Buffer {
	const bytes = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
	return Buffer.concat([bytes, Buffer.alloc(Math.max(0, 64 - bytes.length), 0x20)]);
}

describe('recognising audio and video from the first chunk', () => {
	test.each([
		['MP4', 'video', 'mp4', 'video/mp4', head([0, 0, 0, 0x20], 'ftypisom')],
		['MOV', 'video', 'mov', 'video/quicktime', head([0, 0, 0, 0x14], 'ftypqt  ')],
		['MOV without ftyp', 'video', 'mov', 'video/quicktime', head([0, 0, 0, 0x08], 'wide')],
		['M4A', 'audio', 'm4a', 'audio/mp4', head([0, 0, 0, 0x1c], 'ftypM4A ')],
		['MP3 with ID3', 'audio', 'mp3', 'audio/mpeg', head('ID3', [4, 0])],
		['MP3 frame', 'audio', 'mp3', 'audio/mpeg', head([0xff, 0xfb, 0x90, 0x64])],
		['AAC (ADTS)', 'audio', 'aac', 'audio/aac', head([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc])],
		['WAV', 'audio', 'wav', 'audio/wav', head('RIFF', [0x24, 0, 0, 0], 'WAVE')],
		['AVI', 'video', 'avi', 'video/x-msvideo', head('RIFF', [0x24, 0, 0, 0], 'AVI ')],
		['OGG', 'audio', 'ogg', 'audio/ogg', head('OggS')],
		['FLAC', 'audio', 'flac', 'audio/flac', head('fLaC')],
		['WebM', 'video', 'webm', 'video/webm', head([0x1a, 0x45, 0xdf, 0xa3], 'webm')],
		['Matroska', 'video', 'mkv', 'video/x-matroska', head([0x1a, 0x45, 0xdf, 0xa3], 'matroska')],
	])('%s is %s/%s (%s)', (_name, type, extension, contentType, bytes) => {
		expect(sniffMedia(bytes)).toEqual({ type, extension, content_type: contentType });
	});

	test.each([
		['a PNG image', notMedia(64)],
		['a PDF', head('%PDF-1.7')],
		['a ZIP archive', head('PK', [3, 4])],
		['plain text', head('Hello, this is a transcript.')],
		['a box with an impossible size', head([0, 0, 0, 4], 'ftypisom')],
	])('%s is not media', (_name, bytes) => {
		expect(sniffMedia(bytes)).toBeNull();
	});

	describe('through an upload', () => {
		const context = useEmulator();

		test.each([
			['fakeMp4', 'video', 'mp4', fakeMp4(4096)],
			['fakeMp3', 'audio', 'mp3', fakeMp3(4096)],
			['fakeWav', 'audio', 'wav', fakeWav(4096)],
		])('%s uploads as %s/%s', async (_name, type, extension, bytes) => {
			const id = await readyAsset(context.emulator, context.api, bytes);
			expect((await context.api.get(`/v1/assets/${id}`)).json).toMatchObject({ type, extension, state: 'ready' });
		});
	});
});
