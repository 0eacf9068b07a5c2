import type { EmulatorControl } from '../../../../emulator';
import { binaryFromBuffer, readBinary } from '../../../harness';
import { byId, operationOf, useEmulator } from '../emulator-kit';

const cut = operationOf('cut');

describe('Roughy → Cut → Export Subtitles', () => {
	// Manual timing: nothing changes state unless a test moves it, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const control = (): EmulatorControl => kit.emulator().control;
	const readyAsset = (format: 'mp3' | 'mp4' = 'mp4') => control().seedAsset({ state: 'ready', format });

	test('exports SRT captions as a .srt file', async () => {
		const seeded = control().seedCut({ asset_id: readyAsset().id, script: 'Welcome to the show.' });

		const { items, error } = await kit.run(
			cut('exportSubtitles', { cutId: byId(seeded.id), subtitleFormat: 'srt' }),
		);

		expect(error).toBeUndefined();
		expect(items[0].binary?.data).toEqual(
			expect.objectContaining({ fileName: `${seeded.id}.srt`, mimeType: 'application/x-subrip' }),
		);
		expect((await readBinary(items[0])).toString('utf8')).toMatch(/^1\n00:00:00,000 --> \d{2}:\d{2}:\d{2},\d{3}\n/);
		expect(kit.apiCalls()).toEqual([
			{ method: 'GET', path: `/v1/cuts/${seeded.id}/subtitle/export`, query: { format: 'srt' } },
		]);
	});

	test('exports WebVTT captions as a .vtt file', async () => {
		const seeded = control().seedCut({ asset_id: readyAsset().id });

		const { items } = await kit.run(cut('exportSubtitles', { cutId: byId(seeded.id), subtitleFormat: 'vtt' }));

		expect(items[0].binary?.data).toEqual(
			expect.objectContaining({ fileName: `${seeded.id}.vtt`, mimeType: 'text/vtt' }),
		);
		expect((await readBinary(items[0])).toString('utf8')).toMatch(/^WEBVTT\n\n00:00:00\.000 --> /);
	});

	test('keeps the files of the input item beside the subtitles', async () => {
		const seeded = control().seedCut({ asset_id: readyAsset().id });

		const { items } = await kit.run(cut('exportSubtitles', { cutId: byId(seeded.id) }), {
			input: [{ json: {}, binary: { thumbnail: binaryFromBuffer(Buffer.from('png'), 'thumb.png', 'image/png') } }],
		});

		expect(Object.keys(items[0].binary ?? {}).sort()).toEqual(['data', 'thumbnail']);
	});
});
