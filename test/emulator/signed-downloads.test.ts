import { fakeMp3, sha256 } from '../fixtures/media';
import { useEmulator } from './support/client';
import { readyAsset } from './support/uploads';

async function download(url: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, { headers });
	return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('signed download URLs', () => {
	const context = useEmulator();

	test('an asset download_url serves the uploaded bytes without a bearer key', async () => {
		const bytes = fakeMp3(200_000);
		const id = await readyAsset(context.emulator, context.api, bytes);
		const { json: asset } = await context.api.get(`/v1/assets/${id}`);
		const reply = await download(asset.download_url);
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toBe('audio/mpeg');
		expect(sha256(reply.bytes)).toBe(sha256(bytes));
	});

	test('the URL lives on another origin than the API and carries an expiry', async () => {
		const asset = context.emulator.control.seedAsset();
		const url = new URL((await context.api.get(`/v1/assets/${asset.id}`)).json.download_url);
		expect(url.origin).toBe(context.emulator.storageUrl);
		expect(url.origin).not.toBe(context.emulator.url);
		expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
	});

	test('after its lifetime the URL answers 403; re-reading the asset gives a fresh one', async () => {
		const asset = context.emulator.control.seedAsset();
		const stale = (await context.api.get(`/v1/assets/${asset.id}`)).json.download_url;
		context.emulator.control.advanceClock(901_000);
		expect((await download(stale)).status).toBe(403);
		const fresh = (await context.api.get(`/v1/assets/${asset.id}`)).json.download_url;
		expect((await download(fresh)).status).toBe(200);
	});

	test('a tampered signature is 403', async () => {
		const asset = context.emulator.control.seedAsset();
		const url = new URL((await context.api.get(`/v1/assets/${asset.id}`)).json.download_url);
		url.searchParams.set('X-Amz-Signature', '0'.repeat(64));
		const reply = await download(url.toString());
		expect(reply.status).toBe(403);
		expect(reply.bytes.toString()).toContain('SignatureDoesNotMatch');
	});

	test('a request that also sends Authorization is refused with 400, as S3 does', async () => {
		const asset = context.emulator.control.seedAsset();
		const url = (await context.api.get(`/v1/assets/${asset.id}`)).json.download_url;
		const reply = await download(url, { Authorization: `Bearer ${context.emulator.apiKey}` });
		expect(reply.status).toBe(400);
		expect(reply.bytes.toString()).toContain('InvalidArgument');
	});

	test('a pending or failed asset has no download_url', async () => {
		const pending = context.emulator.control.seedAsset({ state: 'pending_upload' });
		const failed = context.emulator.control.seedAsset({ state: 'failed' });
		expect((await context.api.get(`/v1/assets/${pending.id}`)).json.download_url).toBeNull();
		expect((await context.api.get(`/v1/assets/${failed.id}`)).json.download_url).toBeNull();
	});

	test.each([
		['mp4', 'video/mp4', 'ftyp'],
		['mov', 'video/quicktime', 'ftyp'],
		['m4a', 'audio/mp4', 'ftyp'],
		['mp3', 'audio/mpeg', 'ID3'],
	] as const)('a completed %s render serves size_bytes of %s with the right signature', async (format, contentType, magic) => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const render = context.emulator.control.seedRender({ asset_id: asset.id, output: { format } });
		const { json: detail } = await context.api.get(`/v1/renders/${render.id}`);
		const reply = await download(detail.download_url);
		expect(reply.headers.get('content-type')).toBe(contentType);
		expect(reply.bytes.length).toBe(detail.size_bytes);
		expect(reply.bytes.toString('latin1')).toContain(magic);
		expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="${render.id}.${format}"`);
	});

	test('render outputs are the same bytes on every download', async () => {
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const render = context.emulator.control.seedRender({ asset_id: asset.id, output: { format: 'mp4' } });
		const url = (await context.api.get(`/v1/renders/${render.id}`)).json.download_url;
		expect(sha256((await download(url)).bytes)).toBe(sha256((await download(url)).bytes));
	});
});
