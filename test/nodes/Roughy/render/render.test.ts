import type { EmulatorControl } from '../../../../emulator';
import { readBinary } from '../../../harness';
import { whenAnswered } from '../cut/when-answered';
import { byId, fromList, UNKNOWN_ID, useEmulator, type EmulatorKit } from '../emulator-kit';

const render = (operation: string, fields: Record<string, unknown> = {}) => ({
	resource: 'render',
	operation,
	...fields,
});

/** "Wait for Completion" as a user sets it in tests: check every second. */
const waitFields = { waitForCompletion: true, waitOptions: { checkEverySeconds: 1 } };

/** Seeding helpers over one emulator's control API. */
function fixtures(kit: EmulatorKit) {
	const control = (): EmulatorControl => kit.emulator().control;
	return {
		control,
		readyVideo: () => control().seedAsset({ state: 'ready', format: 'mp4' }),
		readyAudio: () => control().seedAsset({ state: 'ready', format: 'mp3' }),
		completedRender: (assetId: string) =>
			control().seedRender({ asset_id: assetId, output: { format: 'mp4', resolution: '1080p' } }),
		renderPosts: () =>
			kit
				.emulator()
				.requests.filter((request) => request.method === 'POST' && request.path === '/v1/renders')
				.map((request) => request.status),
	};
}

describe('Roughy → Render', () => {
	// Manual timing: renders only move when a test moves them, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const { control, readyVideo, readyAudio, completedRender, renderPosts } = fixtures(kit);

	describe('Create', () => {
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

	describe('Get', () => {
		test('returns the render with a fresh download link once completed', async () => {
			const seeded = completedRender(readyVideo().id);

			const { items } = await kit.run(render('get', { renderId: fromList(seeded.id) }));

			expect(items[0].json).toEqual({ ...seeded, download_url: expect.stringContaining(`/renders/${seeded.id}/`) });
			expect(kit.apiCalls()).toEqual([{ method: 'GET', path: `/v1/renders/${seeded.id}`, query: {} }]);
		});

		test('with continue on fail, an unknown render becomes an error item paired with its input', async () => {
			const seeded = completedRender(readyVideo().id);

			const { items, error } = await kit.run(render('get', { renderId: byId('={{ $json.id }}') }), {
				input: [{ json: { id: seeded.id } }, { json: { id: UNKNOWN_ID } }],
				continueOnFail: true,
			});

			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(items[0].json.id).toBe(seeded.id);
			expect(items[1].json).toEqual(
				expect.objectContaining({
					error: `Roughy could not find that resource (render ${UNKNOWN_ID})`,
					code: 'not_found',
				}),
			);
		});
	});

	describe('Get Many', () => {
		test('sends the asset, cut, project and state filters to Roughy and returns the matches', async () => {
			const asset = readyVideo();
			const cut = control().seedCut({ asset_id: asset.id });
			const match = control().seedRender({ asset_id: asset.id, cut_id: cut.id, state: 'failed' });
			control().seedRender({ asset_id: asset.id, cut_id: cut.id });
			control().seedRender({ asset_id: asset.id, state: 'failed' });

			const { items } = await kit.run(
				render('getMany', {
					returnAll: true,
					filters: {
						assetId: byId(asset.id),
						cutId: byId(cut.id),
						projectId: byId(asset.project_id),
						state: ['failed', 'cancelled'],
					},
				}),
			);

			expect(items.map((item) => item.json.id)).toEqual([match.id]);
			const filters = { asset_id: asset.id, cut_id: cut.id, project_id: asset.project_id };
			expect(kit.apiCalls()).toEqual([
				{ method: 'GET', path: '/v1/renders', query: { ...filters, state: 'failed', limit: '100', offset: '0' } },
				{ method: 'GET', path: '/v1/renders', query: { ...filters, state: 'cancelled', limit: '100', offset: '0' } },
			]);
		});

		test('Limit returns only that many renders', async () => {
			const asset = readyVideo();
			for (let i = 0; i < 3; i++) completedRender(asset.id);

			const { items } = await kit.run(render('getMany', { returnAll: false, limit: 2 }));

			expect(items).toHaveLength(2);
			expect(kit.apiCalls()[0].query).toEqual({ limit: '2', offset: '0' });
		});
	});

	describe('Cancel', () => {
		test('cancels a processing render', async () => {
			const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });

			const { items, error } = await kit.run(render('cancel', { renderId: byId(seeded.id) }));

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(
				expect.objectContaining({ render_id: seeded.id, result: 'cancelled', state: 'cancelled' }),
			);
			expect(kit.apiCalls()).toEqual([{ method: 'POST', path: `/v1/renders/${seeded.id}/cancel`, query: {} }]);
		});

		test('cancelling a render that already finished fails and says how it ended', async () => {
			const seeded = completedRender(readyVideo().id);

			const { error } = await kit.run(render('cancel', { renderId: byId(seeded.id) }));

			expect(error?.message).toBe(`Render ${seeded.id} has already finished as "completed"; there is nothing to cancel`);
			expect(error?.description).toContain('Treat Already Finished as Success');
		});

		test('with Treat Already Finished as Success, a finished render gives an already_finished item', async () => {
			const seeded = completedRender(readyVideo().id);

			const { items, error } = await kit.run(
				render('cancel', { renderId: byId(seeded.id), treatFinishedAsSuccess: true }),
			);

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(
				expect.objectContaining({ render_id: seeded.id, result: 'already_finished', state: 'completed' }),
			);
			expect(kit.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
				`POST /v1/renders/${seeded.id}/cancel`,
				`GET /v1/renders/${seeded.id}`,
			]);
		});

		test('with Treat Already Finished as Success, an already cancelled render gives an already_finished item', async () => {
			const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'cancelled' });

			const { items } = await kit.run(render('cancel', { renderId: byId(seeded.id), treatFinishedAsSuccess: true }));

			expect(items[0].json).toEqual(
				expect.objectContaining({ render_id: seeded.id, result: 'already_finished', state: 'cancelled' }),
			);
		});
	});

	describe('Cancel, when Roughy reports a cancellation as a failure', () => {
		test('a render that failed with the code "cancelled" counts as already cancelled', async () => {
			const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });
			control().failRender(seeded.id, 'cancelled', 'The render was cancelled.');

			const { error } = await kit.run(render('cancel', { renderId: byId(seeded.id) }));

			expect(error?.message).toBe(`Render ${seeded.id} has already finished as "cancelled"; there is nothing to cancel`);
		});
	});

	describe('Download', () => {
		test('downloads a completed render without sending the API key to the storage host', async () => {
			const seeded = completedRender(readyVideo().id);

			const { items, error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(seeded);
			expect(items[0].binary?.data).toEqual(
				expect.objectContaining({ fileName: `${seeded.id}.mp4`, mimeType: 'video/mp4' }),
			);
			expect((await readBinary(items[0])).length).toBe(seeded.size_bytes);
			expect(kit.storageCalls()).toEqual([
				expect.objectContaining({ method: 'GET', path: `/renders/${seeded.id}/${seeded.id}.mp4`, authorization: false, status: 200 }),
			]);
		});

		test('a render still processing cannot be downloaded yet', async () => {
			const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });

			const { error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

			expect(error?.message).toBe(`Render ${seeded.id} is not finished yet (state "processing")`);
			expect(error?.description).toContain('Only completed renders can be downloaded');
			expect(kit.storageCalls()).toEqual([]);
		});

		test('a render that failed with the code "cancelled" is reported as cancelled', async () => {
			const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'processing' });
			control().failRender(seeded.id, 'cancelled', 'The render was cancelled.');

			const { error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

			expect(error?.message).toBe(`Render ${seeded.id} was cancelled, so it has no file`);
		});

		test('a failed render has no file, and the error gives Roughy\'s reason', async () => {
			const seeded = control().seedRender({ asset_id: readyVideo().id, state: 'failed' });

			const { error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

			expect(error?.message).toBe(`Render ${seeded.id} failed, so it has no file`);
			expect(error?.description).toContain('Roughy says: The render failed. (render_failed)');
			expect(error?.context?.roughyErrorCode).toBe('render_failed');
		});
	});
});

describe('Roughy → Render → Download with short-lived links', () => {
	// Links live 2 s here; the first storage request is held for 3 s, so its link has expired.
	const kit = useEmulator({ timing: 'manual', downloadUrlTtlSeconds: 2 });
	const { control, completedRender } = fixtures(kit);

	test('an expired download link is refreshed once and the file downloaded', async () => {
		const seeded = completedRender(control().seedAsset({ state: 'ready', format: 'mp4' }).id);
		kit.emulator().faults.add({ method: 'GET', path: '/renders/**', delay: 3_000 });

		const { items, error } = await kit.run(render('download', { renderId: byId(seeded.id) }));

		expect(error).toBeUndefined();
		expect((await readBinary(items[0])).length).toBe(seeded.size_bytes);
		expect(kit.storageCalls().map((call) => call.status)).toEqual([403, 200]);
		expect(kit.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
			`GET /v1/renders/${seeded.id}`,
			`GET /v1/renders/${seeded.id}`,
		]);
	});
});
