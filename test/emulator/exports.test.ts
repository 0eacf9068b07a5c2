import { useEmulator } from './support/client';

describe('cut exports', () => {
	// Seeded 'processing' cuts must stay processing for the length of a test.
	const context = useEmulator({ timing: { cutProcessingMs: 60_000 } });

	function completedCut(format: 'mp4' | 'mp3' = 'mp4') {
		const asset = context.emulator.control.seedAsset({ format });
		return context.emulator.control.seedCut({ asset_id: asset.id, script: 'Welcome to the show. Today we talk about cuts.' });
	}

	test.each([
		['fcpxml', /<fcpxml version="1\.10">/, '.fcpxml'],
		['premiere', /<xmeml version="4">/, '.premiere.xml'],
		['davinci', /<xmeml version="5">/, '.davinci.xml'],
	])('format=%s is an XML attachment a NLE can import', async (format, root, suffix) => {
		const cut = completedCut();
		const reply = await context.api.get(`/v1/cuts/${cut.id}/export?format=${format}`);
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toMatch(/^application\/xml/);
		expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="${cut.id}${suffix}"`);
		expect(reply.text).toMatch(/^<\?xml version="1\.0"/);
		expect(reply.text).toMatch(root);
	});

	test('a video source defaults to its own 25 fps; frame_rate=23.976 gives an NTSC timeline', async () => {
		const cut = completedCut('mp4');
		const native = await context.api.get(`/v1/cuts/${cut.id}/export?format=fcpxml`);
		const ntsc = await context.api.get(`/v1/cuts/${cut.id}/export?format=fcpxml&frame_rate=23.976`);
		expect(native.text).toContain('frameDuration="1/25s"');
		expect(ntsc.text).toContain('frameDuration="1001/24000s"');
	});

	test('the same cut always exports the same timeline', async () => {
		const cut = completedCut();
		const first = await context.api.get(`/v1/cuts/${cut.id}/export?format=premiere`);
		const second = await context.api.get(`/v1/cuts/${cut.id}/export?format=premiere`);
		expect(second.text).toBe(first.text);
	});

	test('an audio source needs frame_rate: 422 frame_rate_required without it', async () => {
		const cut = completedCut('mp3');
		const missing = await context.api.get(`/v1/cuts/${cut.id}/export?format=premiere`);
		const given = await context.api.get(`/v1/cuts/${cut.id}/export?format=premiere&frame_rate=25`);
		expect(missing.status).toBe(422);
		expect(missing.json.error.code).toBe('frame_rate_required');
		expect(given.status).toBe(200);
		expect(given.text).not.toContain('<video>');
	});

	test.each([
		['', 'query.format'],
		['format=avid', 'query.format'],
		['format=fcpxml&frame_rate=0', 'query.frame_rate'],
		['format=fcpxml&frame_rate=121', 'query.frame_rate'],
	])('"%s" is 422 validation_error on %s', async (query, field) => {
		const cut = completedCut();
		const reply = await context.api.get(`/v1/cuts/${cut.id}/export?${query}`);
		expect(reply.status).toBe(422);
		expect(reply.json.error).toMatchObject({ code: 'validation_error', fields: [{ field, message: expect.any(String) }] });
	});

	test('a cut that is not completed is 409 cut_not_proposed', async () => {
		const asset = context.emulator.control.seedAsset();
		const cut = context.emulator.control.seedCut({ asset_id: asset.id, state: 'processing' });
		const timeline = await context.api.get(`/v1/cuts/${cut.id}/export?format=fcpxml`);
		const captions = await context.api.get(`/v1/cuts/${cut.id}/subtitle/export?format=srt`);
		expect(timeline.json.error.code).toBe('cut_not_proposed');
		expect(captions.json.error.code).toBe('cut_not_proposed');
	});

	test('a format the cut cannot produce is 409 unsupported_format', async () => {
		const asset = context.emulator.control.seedAsset();
		const cut = context.emulator.control.seedCut({ asset_id: asset.id, state: 'processing' });
		context.emulator.control.completeCut(cut.id, { unavailableFormats: ['vtt'] });
		const reply = await context.api.get(`/v1/cuts/${cut.id}/subtitle/export?format=vtt`);
		expect(reply.status).toBe(409);
		expect(reply.json.error.code).toBe('unsupported_format');
	});

	test('SRT captions carry the script, numbered, on the cut timeline', async () => {
		const cut = completedCut();
		const reply = await context.api.get(`/v1/cuts/${cut.id}/subtitle/export?format=srt`);
		expect(reply.headers.get('content-type')).toMatch(/^application\/x-subrip/);
		expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="${cut.id}.srt"`);
		expect(reply.text).toMatch(/^1\n00:00:00,000 --> 00:00:\d\d,\d{3}\n/);
		expect(reply.text).toContain('Welcome');
	});

	test('VTT captions start with the WEBVTT header', async () => {
		const cut = completedCut();
		const reply = await context.api.get(`/v1/cuts/${cut.id}/subtitle/export?format=vtt`);
		expect(reply.headers.get('content-type')).toMatch(/^text\/vtt/);
		expect(reply.text).toMatch(/^WEBVTT\n\n00:00:00\.000 --> /);
	});

	test('VTT escapes markup characters from the script; SRT keeps them as written', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4', size_bytes: 1_000_000 });
		const cut = context.emulator.control.seedCut({ asset_id: asset.id, script: 'Tom & Jerry <live>' });
		const vtt = await context.api.get(`/v1/cuts/${cut.id}/subtitle/export?format=vtt`);
		const srt = await context.api.get(`/v1/cuts/${cut.id}/subtitle/export?format=srt`);
		expect(vtt.text).toContain('Tom &amp; Jerry &lt;live&gt;');
		expect(srt.text).toContain('Tom & Jerry <live>');
	});

	test("another account's cut is 404", async () => {
		const asset = context.emulator.control.seedAsset({ foreign: true });
		const cut = context.emulator.control.seedCut({ asset_id: asset.id });
		expect((await context.api.get(`/v1/cuts/${cut.id}/export?format=fcpxml`)).status).toBe(404);
	});
});
