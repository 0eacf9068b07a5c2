import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EmulatorControl } from '../../../../emulator';
import { binaryFromBuffer, readBinary, runRoughyNode } from '../../../harness';
import { byId, fromList, UNKNOWN_ID, useEmulator } from '../emulator-kit';
import { whenAnswered } from './when-answered';

const cut = (operation: string, fields: Record<string, unknown> = {}) => ({
	resource: 'cut',
	operation,
	...fields,
});

/** "Wait for Completion" as a user sets it in tests: check every second. */
const waitFields = { waitForCompletion: true, waitOptions: { checkEverySeconds: 1 } };

describe('Roughy → Cut', () => {
	// Manual timing: nothing changes state unless a test moves it, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const control = (): EmulatorControl => kit.emulator().control;
	const readyAsset = (format: 'mp3' | 'mp4' = 'mp4') => control().seedAsset({ state: 'ready', format });
	const cutStatuses = () =>
		kit
			.emulator()
			.requests.filter((request) => request.method === 'POST' && request.path === '/v1/cuts')
			.map((request) => request.status);

	describe('Create', () => {
		test('creates a cut of a ready asset with the script exactly as given', async () => {
			const asset = readyAsset();
			const script = '  Three ways to start a podcast.\nFirst: just press record.  ';

			const { items, error } = await kit.run(cut('create', { assetId: fromList(asset.id), script }));

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json)).toEqual([
				expect.objectContaining({ asset_id: asset.id, state: 'pending', script }),
			]);
			expect(kit.apiBodies()).toEqual([{ asset_id: asset.id, script }]);
		});

		test('an empty script creates a cut without a script', async () => {
			const asset = readyAsset();

			const { items } = await kit.run(cut('create', { assetId: byId(asset.id), script: '' }));

			expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset.id, script: null }));
			expect(kit.apiBodies()).toEqual([{ asset_id: asset.id }]);
		});

		test('the same asset and script again returns the existing cut', async () => {
			const asset = readyAsset();
			const parameters = cut('create', { assetId: byId(asset.id), script: 'Intro and outro only.' });

			const first = await kit.run(parameters);
			const second = await kit.run(parameters);

			expect(second.error).toBeUndefined();
			expect(second.items[0].json.id).toBe(first.items[0].json.id);
			expect(cutStatuses()).toEqual([201, 200]);
		});

		test('a different script makes a new cut of the same asset', async () => {
			const asset = readyAsset();

			const first = await kit.run(cut('create', { assetId: byId(asset.id), script: 'Version A' }));
			const second = await kit.run(cut('create', { assetId: byId(asset.id), script: 'Version B' }));

			expect(second.items[0].json.id).not.toBe(first.items[0].json.id);
			expect(cutStatuses()).toEqual([201, 201]);
		});

		test('a script over 100,000 characters is refused before anything is sent', async () => {
			const asset = readyAsset();

			const { error } = await kit.run(cut('create', { assetId: byId(asset.id), script: 'a'.repeat(100_001) }));

			expect(error?.message).toBe('The script is too long: 100,001 characters');
			expect(error?.description).toContain('Nothing was sent to Roughy');
			expect(kit.apiCalls()).toEqual([]);
		});

		test('a script of exactly 100,000 characters, emoji counted as one, is sent', async () => {
			const asset = readyAsset();
			const script = '🎬'.repeat(100_000);

			const { error } = await kit.run(cut('create', { assetId: byId(asset.id), script }));

			expect(error).toBeUndefined();
			expect(cutStatuses()).toEqual([201]);
		});

		test('with Wait for Completion, returns the cut once Roughy has completed it', async () => {
			const asset = readyAsset();
			const [{ items, error }] = await Promise.all([
				kit.run(cut('create', { assetId: byId(asset.id), ...waitFields })),
				whenAnswered(kit.emulator(), { method: 'POST', path: '/v1/cuts', status: 201 }).then(() =>
					control().advanceAll(),
				),
			]);

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset.id, state: 'completed' }));
			expect(kit.apiCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
				'POST /v1/cuts',
				`GET /v1/cuts/${items[0].json.id}`,
			]);
		});

		test('with Wait for Completion, an asset still being prepared is waited for and the cut then created', async () => {
			const asset = control().seedAsset({ state: 'processing', format: 'mp4' });
			const emulator = kit.emulator();
			const [{ items, error }] = await Promise.all([
				kit.run(cut('create', { assetId: byId(asset.id), ...waitFields })),
				whenAnswered(emulator, { method: 'POST', path: '/v1/cuts', status: 409 }).then(async () => {
					control().setAssetState(asset.id, 'ready');
					await whenAnswered(emulator, { method: 'POST', path: '/v1/cuts', status: 201 });
					control().advanceAll();
				}),
			]);

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(expect.objectContaining({ asset_id: asset.id, state: 'completed' }));
			expect(cutStatuses()).toEqual([409, 201]);
		});

		test('without waiting, an asset still being prepared fails with Roughy\'s advice', async () => {
			const asset = control().seedAsset({ state: 'processing', format: 'mp4' });

			const { error } = await kit.run(cut('create', { assetId: byId(asset.id) }));

			expect(error?.message).toBe(`The asset is still being prepared (asset ${asset.id})`);
			expect(error?.description).toContain('Roughy suggests retrying in 1 s');
			expect(error?.context?.roughyErrorCode).toBe('asset_processing');
			expect(cutStatuses()).toEqual([409]);
		});

		test('a cut that fails while waiting ends in an error with Roughy\'s code and the cut ID', async () => {
			const asset = readyAsset();
			const [{ error }] = await Promise.all([
				kit.run(cut('create', { assetId: byId(asset.id), ...waitFields })),
				whenAnswered(kit.emulator(), { method: 'POST', path: '/v1/cuts', status: 201 }).then(() => {
					const created = control().snapshot().cuts[0];
					control().failCut(created.id, 'transcript_empty', 'No speech was found in the asset.');
				}),
			]);

			const cutId = control().snapshot().cuts[0].id;
			expect(error?.message).toBe(
				`The cut ${cutId} ended as "failed": No speech was found in the asset. (transcript_empty)`,
			);
			expect(error?.context).toEqual(
				expect.objectContaining({ roughyErrorCode: 'transcript_empty', entityId: cutId, itemIndex: 0 }),
			);
		});
	});

	describe('Get', () => {
		test('returns the cut with its state', async () => {
			const asset = readyAsset();
			const seeded = control().seedCut({ asset_id: asset.id, script: 'Keep the demo' });

			const { items } = await kit.run(cut('get', { cutId: fromList(seeded.id) }));

			expect(items.map((item) => item.json)).toEqual([seeded]);
			expect(kit.apiCalls()).toEqual([{ method: 'GET', path: `/v1/cuts/${seeded.id}`, query: {} }]);
		});

		test('an unknown cut fails with a not-found message naming it', async () => {
			const { error } = await kit.run(cut('get', { cutId: byId(UNKNOWN_ID) }));

			expect(error?.message).toBe(`Roughy could not find that resource (cut ${UNKNOWN_ID})`);
		});
	});

	describe('Get Many', () => {
		test('sends the asset, project and state filters to Roughy and returns the matches', async () => {
			const asset = readyAsset();
			const other = readyAsset();
			const completed = control().seedCut({ asset_id: asset.id, script: 'A' });
			control().seedCut({ asset_id: asset.id, script: 'B', state: 'failed' });
			control().seedCut({ asset_id: other.id, script: 'C' });

			const { items } = await kit.run(
				cut('getMany', {
					returnAll: true,
					filters: { assetId: byId(asset.id), projectId: byId(asset.project_id), state: ['completed'] },
				}),
			);

			expect(items.map((item) => item.json.id)).toEqual([completed.id]);
			expect(kit.apiCalls()).toEqual([
				{
					method: 'GET',
					path: '/v1/cuts',
					query: { asset_id: asset.id, project_id: asset.project_id, state: 'completed', limit: '100', offset: '0' },
				},
			]);
		});

		test('Limit returns only that many cuts, newest first', async () => {
			const asset = readyAsset();
			for (const script of ['one', 'two', 'three']) control().seedCut({ asset_id: asset.id, script });

			const { items } = await kit.run(cut('getMany', { returnAll: false, limit: 2 }));

			expect(items.map((item) => item.json.script)).toEqual(['three', 'two']);
		});
	});

	describe('Export', () => {
		test.each([
			['fcpxml', '.fcpxml', '<fcpxml'],
			['premiere', '.premiere.xml', '<xmeml version="4"'],
			['davinci', '.davinci.xml', '<xmeml version="5"'],
		])('exports a completed cut as a %s timeline file', async (format, suffix, root) => {
			const asset = readyAsset('mp4');
			const seeded = control().seedCut({ asset_id: asset.id });

			const { items, error } = await kit.run(cut('export', { cutId: byId(seeded.id), timelineFormat: format }));

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ cut_id: seeded.id, format });
			expect(items[0].binary?.data).toEqual(
				expect.objectContaining({ fileName: `${seeded.id}${suffix}`, mimeType: 'application/xml' }),
			);
			expect((await readBinary(items[0])).toString('utf8')).toContain(root);
			expect(kit.apiCalls()).toEqual([
				{ method: 'GET', path: `/v1/cuts/${seeded.id}/export`, query: { format } },
			]);
		});

		test('a cut of an audio asset needs a frame rate, and the error says where to set it', async () => {
			const asset = readyAsset('mp3');
			const seeded = control().seedCut({ asset_id: asset.id });

			const { error } = await kit.run(cut('export', { cutId: byId(seeded.id), timelineFormat: 'premiere' }));

			expect(error?.message).toBe(`This export needs a frame rate (cut ${seeded.id})`);
			expect(error?.description).toContain('Set "Frame Rate" in the export options');
			expect(error?.context?.roughyErrorCode).toBe('frame_rate_required');
		});

		test('with a frame rate, a cut of an audio asset exports at that rate', async () => {
			const asset = readyAsset('mp3');
			const seeded = control().seedCut({ asset_id: asset.id });

			const { items, error } = await kit.run(
				cut('export', { cutId: byId(seeded.id), timelineFormat: 'fcpxml', options: { frameRate: 29.97 } }),
			);

			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({ cut_id: seeded.id, format: 'fcpxml', frame_rate: 29.97 });
			expect(kit.apiCalls()).toEqual([
				{ method: 'GET', path: `/v1/cuts/${seeded.id}/export`, query: { format: 'fcpxml', frame_rate: '29.97' } },
			]);
		});

		test('a frame rate above 120 from an expression is refused before anything is sent', async () => {
			const seeded = control().seedCut({ asset_id: readyAsset().id });

			const { error } = await kit.run(
				cut('export', { cutId: byId(seeded.id), options: { frameRate: '={{ 240 }}' } }),
			);

			expect(error?.message).toBe('A frame rate of 240 is not usable');
			expect(kit.apiCalls()).toEqual([]);
		});

		test('a cut that is still processing cannot be exported yet', async () => {
			const seeded = control().seedCut({ asset_id: readyAsset().id, state: 'processing' });

			const { error } = await kit.run(cut('export', { cutId: byId(seeded.id) }));

			expect(error?.message).toBe(`The cut has no result to export yet (cut ${seeded.id})`);
			expect(error?.description).toContain('Only completed cuts can be exported');
		});

		test('File Name and Put Output File in Field name the file and its field', async () => {
			const seeded = control().seedCut({ asset_id: readyAsset().id });

			const { items } = await kit.run(
				cut('export', {
					cutId: byId(seeded.id),
					options: { fileName: 'episode-12.fcpxml', binaryPropertyName: 'timeline' },
				}),
			);

			expect(Object.keys(items[0].binary ?? {})).toEqual(['timeline']);
			expect(items[0].binary?.timeline.fileName).toBe('episode-12.fcpxml');
		});
	});

	describe('Export when Roughy redirects to a signed URL', () => {
		let storage: http.Server;
		let api: http.Server;
		let storageUrl: string;
		let apiUrl: string;
		const storageAuthorization: Array<string | undefined> = [];
		const timeline = '<?xml version="1.0"?><fcpxml version="1.10"></fcpxml>';

		beforeAll(async () => {
			storage = http.createServer((req, res) => {
				storageAuthorization.push(req.headers.authorization);
				res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
				res.end(timeline);
			});
			// Roughy's export answering with a redirect to another host, as a signed link would.
			api = http.createServer((req, res) => {
				res.writeHead(302, { Location: `${storageUrl}/exports/signed.fcpxml?X-Amz-Signature=abc` });
				res.end();
			});
			const listen = async (server: http.Server) => {
				await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
				return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			};
			storageUrl = await listen(storage);
			apiUrl = await listen(api);
		});
		afterAll(async () => {
			await Promise.all([storage, api].map((server) => new Promise((resolve) => server.close(resolve))));
		});

		test('follows the redirect without sending the API key to the storage host', async () => {
			const cutId = UNKNOWN_ID;

			const result = await runRoughyNode({
				parameters: cut('export', { cutId: byId(cutId), timelineFormat: 'fcpxml' }),
				credentials: { baseUrl: apiUrl, apiKey: 'sk_test_redirect_0123456789' },
			});

			expect(result.error).toBeUndefined();
			expect(storageAuthorization).toEqual([undefined]);
			expect((await readBinary(result.items[0])).toString('utf8')).toBe(timeline);
			expect(result.items[0].binary?.data).toEqual(
				expect.objectContaining({ fileName: `${cutId}.fcpxml`, mimeType: 'application/xml' }),
			);
		});
	});

	describe('Export Subtitles', () => {
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
});
