import { byId, fromList, operationOf, useEmulator, waitFields, whenAnswered } from '../emulator-kit';
import { renderFixtures } from './render-fixtures';

const render = operationOf('render');

describe('Roughy → Render → Create', () => {
	// Manual timing: renders only move when a test moves them, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const { control, readyVideo, readyAudio, renderPosts } = renderFixtures(kit);

	test('renders a ready asset to MP4 with the chosen resolution and bitrates', async () => {
		const asset = readyVideo();

		const { items, error } = await kit.run(
			render('create', {
				assetId: fromList(asset.id),
				outputFormat: 'mp4',
				resolution: '1080p',
				videoBitrate: '10',
				audioBitrate: '192',
			}),
		);

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset.id, cut_id: null, state: 'pending' }));
		expect(kit.apiBodies()).toEqual([
			{
				asset_id: asset.id,
				output: { format: 'mp4', resolution: '1080p', video_bitrate: 10, audio_bitrate: 192 },
			},
		]);
	});

	test('leaves out the options kept at Same as Source and Auto', async () => {
		const asset = readyVideo();

		await kit.run(render('create', { assetId: byId(asset.id), outputFormat: 'mov' }));

		expect(kit.apiBodies()).toEqual([{ asset_id: asset.id, output: { format: 'mov' } }]);
	});

	test('applies a completed cut of the asset', async () => {
		const asset = readyVideo();
		const cut = control().seedCut({ asset_id: asset.id });

		const { items } = await kit.run(
			render('create', { assetId: byId(asset.id), cutId: byId(cut.id), outputFormat: 'mp3', audioBitrate: '320' }),
		);

		expect(items[0].json).toEqual(expect.objectContaining({ cut_id: cut.id }));
		expect(kit.apiBodies()).toEqual([
			{ asset_id: asset.id, output: { format: 'mp3', audio_bitrate: 320 }, cut_id: cut.id },
		]);
	});

	test('the same request again returns the existing render', async () => {
		const asset = readyVideo();
		const parameters = render('create', { assetId: byId(asset.id), outputFormat: 'mp4', resolution: '720p' });

		const first = await kit.run(parameters);
		const second = await kit.run(parameters);

		expect(second.items[0].json.id).toBe(first.items[0].json.id);
		expect(renderPosts()).toEqual([201, 200]);
	});

	test('a resolution with an audio format from an expression is refused before anything is sent', async () => {
		const asset = readyAudio();

		const { error } = await kit.run(
			render('create', { assetId: byId(asset.id), outputFormat: '={{ $json.format }}', resolution: '1080p' }),
			{ input: [{ json: { format: 'mp3' } }] },
		);

		expect(error?.message).toBe('Resolution "1080p" does not apply to MP3, an audio-only format');
		expect(error?.description).toContain('Nothing was sent to Roughy');
		expect(kit.apiCalls()).toEqual([]);
	});

	test('a video bitrate with an audio format from an expression is refused before anything is sent', async () => {
		const asset = readyAudio();

		const { error } = await kit.run(
			render('create', { assetId: byId(asset.id), outputFormat: '={{ "m4a" }}', videoBitrate: '20' }),
		);

		expect(error?.message).toBe('Video bitrate "20" does not apply to M4A, an audio-only format');
		expect(kit.apiCalls()).toEqual([]);
	});

	test('an audio bitrate Roughy does not offer is refused before anything is sent', async () => {
		const asset = readyAudio();

		const { error } = await kit.run(
			render('create', { assetId: byId(asset.id), outputFormat: 'mp3', audioBitrate: '={{ 96 }}' }),
		);

		expect(error?.message).toBe('Audio bitrate "96" is not one Roughy offers');
		expect(kit.apiCalls()).toEqual([]);
	});

	test('a frame rate above 120 is refused before anything is sent', async () => {
		const asset = readyVideo();

		const { error } = await kit.run(
			render('create', { assetId: byId(asset.id), options: { frameRate: '={{ 144 }}' } }),
		);

		expect(error?.message).toBe('A frame rate of 144 is not usable');
		expect(kit.apiCalls()).toEqual([]);
	});

	test('a frame rate is sent in the output', async () => {
		const asset = readyVideo();

		await kit.run(render('create', { assetId: byId(asset.id), outputFormat: 'mp4', options: { frameRate: 25 } }));

		expect(kit.apiBodies()).toEqual([{ asset_id: asset.id, output: { format: 'mp4', frame_rate: 25 } }]);
	});

	test('a video render of an asset that is not ready explains what to wait for', async () => {
		const asset = control().seedAsset({ state: 'processing', format: 'mp4' });

		const { error } = await kit.run(render('create', { assetId: byId(asset.id), outputFormat: 'mp4' }));

		expect(error?.message).toBe(`The asset is not ready for a video render yet (asset ${asset.id})`);
		expect(error?.context?.roughyErrorCode).toBe('asset_not_ready');
	});

	test('a cut that is not completed yet explains what to wait for', async () => {
		const asset = readyVideo();
		const cut = control().seedCut({ asset_id: asset.id, state: 'processing' });

		const { error } = await kit.run(render('create', { assetId: byId(asset.id), cutId: byId(cut.id) }));

		expect(error?.message).toBe(`The cut is not finished yet (asset ${asset.id}, cut ${cut.id})`);
		expect(error?.description).toContain('A render can only apply a completed cut');
		expect(error?.context?.roughyErrorCode).toBe('modifier_not_ready');
	});

	test('with Wait for Completion, returns the completed render with its download link', async () => {
		const asset = readyVideo();
		const [{ items, error }] = await Promise.all([
			kit.run(render('create', { assetId: byId(asset.id), ...waitFields })),
			whenAnswered(kit.emulator(), { method: 'POST', path: '/v1/renders', status: 201 }).then(() =>
				control().advanceAll(),
			),
		]);

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(
			expect.objectContaining({ state: 'completed', download_url: expect.stringContaining('X-Amz-Signature=') }),
		);
	});

	test('a render that fails while waiting ends in an error with Roughy\'s code and the render ID', async () => {
		const asset = readyVideo();
		const [{ error }] = await Promise.all([
			kit.run(render('create', { assetId: byId(asset.id), ...waitFields })),
			whenAnswered(kit.emulator(), { method: 'POST', path: '/v1/renders', status: 201 }).then(() => {
				const created = control().snapshot().renders[0];
				control().failRender(created.id, 'source_unreadable', 'The source could not be decoded.');
			}),
		]);

		const renderId = control().snapshot().renders[0].id;
		expect(error?.message).toBe(
			`The render ${renderId} ended as "failed": The source could not be decoded. (source_unreadable)`,
		);
		expect(error?.context).toEqual(
			expect.objectContaining({ roughyErrorCode: 'source_unreadable', entityId: renderId, itemIndex: 0 }),
		);
	});

	test('a render cancelled while waiting ends in an error saying it was cancelled', async () => {
		const asset = readyVideo();
		const [{ error }] = await Promise.all([
			kit.run(render('create', { assetId: byId(asset.id), ...waitFields })),
			whenAnswered(kit.emulator(), { method: 'POST', path: '/v1/renders', status: 201 }).then(async () => {
				const created = control().snapshot().renders[0];
				// Someone else (another workflow, the dashboard) cancels it.
				await fetch(`${kit.emulator().url}/v1/renders/${created.id}/cancel`, {
					method: 'POST',
					headers: { Authorization: `Bearer ${kit.emulator().apiKey}` },
				});
			}),
		]);

		const renderId = control().snapshot().renders[0].id;
		expect(error?.message).toBe(`The render ${renderId} ended as "cancelled"`);
		expect(error?.description).toBe('Someone cancelled this render. Create it again to restart it.');
	});
});
