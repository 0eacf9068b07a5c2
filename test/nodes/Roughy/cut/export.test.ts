import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EmulatorControl } from '../../../../emulator';
import { readBinary, runRoughyNode } from '../../../harness';
import { byId, operationOf, UNKNOWN_ID, useEmulator } from '../emulator-kit';

const cut = operationOf('cut');

describe('Roughy → Cut → Export', () => {
	// Manual timing: nothing changes state unless a test moves it, so waits are deterministic.
	const kit = useEmulator({ timing: 'manual' });
	const control = (): EmulatorControl => kit.emulator().control;
	const readyAsset = (format: 'mp3' | 'mp4' = 'mp4') => control().seedAsset({ state: 'ready', format });

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
});
