import http from 'node:http';

import { fakeMp4, sha256 } from '../fixtures/media';
import { eventually, useEmulator } from './support/client';
import { createAsset, createProject, TUS, tusHead, tusPatch } from './support/uploads';

/** Starts a PATCH declaring the whole rest of the file, sends only `sendBytes`, then pulls the plug. */
async function patchAndDisconnect(uploadUrl: string, apiKey: string, offset: number, rest: Buffer, sendBytes: number): Promise<void> {
	const request = http.request(uploadUrl, {
		method: 'PATCH',
		headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Length': String(rest.length), Authorization: `Bearer ${apiKey}` },
	});
	request.on('error', () => undefined);
	await new Promise<void>((resolve) => request.write(rest.subarray(0, sendBytes), () => resolve()));
	await new Promise((resolve) => setTimeout(resolve, 50));
	request.destroy();
}

describe('interrupted uploads', () => {
	const context = useEmulator();

	test('a PATCH cut off by the client keeps the bytes that arrived, and HEAD tells where to resume', async () => {
		const bytes = fakeMp4(200_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		await patchAndDisconnect(asset.upload_url, context.emulator.apiKey, 0, bytes, 60_000);

		const offset = await eventually(async () => {
			const head = await tusHead(context.api, asset.upload_url);
			return head.headers.get('upload-offset') === '60000' && 60_000;
		});
		const resumed = await tusPatch(context.api, asset.upload_url, offset, bytes.subarray(offset));
		expect(resumed.status).toBe(204);
		expect(context.emulator.storedUpload(asset.id)).toMatchObject({ bytesReceived: bytes.length, sha256: sha256(bytes) });
	});

	test('a resetAfterBytes fault drops the connection after storing that many bytes', async () => {
		const bytes = fakeMp4(100_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		context.emulator.faults.add({ method: 'PATCH', path: '/v1/uploads/*', resetAfterBytes: 30_000 });

		await expect(tusPatch(context.api, asset.upload_url, 0, bytes)).rejects.toThrow();
		const head = await tusHead(context.api, asset.upload_url);
		expect(head.headers.get('upload-offset')).toBe('30000');
		expect(context.emulator.storedUpload(asset.id).sha256).toBe(sha256(bytes.subarray(0, 30_000)));

		const resumed = await tusPatch(context.api, asset.upload_url, 30_000, bytes.subarray(30_000));
		expect(resumed.status).toBe(204);
		expect(context.emulator.storedUpload(asset.id).sha256).toBe(sha256(bytes));
	});

	test('a connection dropped before 64 bytes arrived stores nothing', async () => {
		const bytes = fakeMp4(4096);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		context.emulator.faults.add({ method: 'PATCH', path: '/v1/uploads/*', resetAfterBytes: 40 });
		await expect(tusPatch(context.api, asset.upload_url, 0, bytes)).rejects.toThrow();
		expect((await tusHead(context.api, asset.upload_url)).headers.get('upload-offset')).toBe('0');
	});

	test('a chunk stored but answered with a lost response is visible through HEAD', async () => {
		const bytes = fakeMp4(50_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		context.emulator.faults.add({ method: 'PATCH', path: '/v1/uploads/*', status: 503, when: 'after' });
		const reply = await tusPatch(context.api, asset.upload_url, 0, bytes.subarray(0, 20_000));
		expect(reply.status).toBe(503);
		expect((await tusHead(context.api, asset.upload_url)).headers.get('upload-offset')).toBe('20000');
	});

	test('the request log records the body size of an interrupted PATCH and no status', async () => {
		const bytes = fakeMp4(100_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		context.emulator.faults.add({ method: 'PATCH', path: '/v1/uploads/*', resetAfterBytes: 10_000 });
		await expect(tusPatch(context.api, asset.upload_url, 0, bytes)).rejects.toThrow();
		const patch = context.emulator.requests.find((entry) => entry.method === 'PATCH');
		expect(patch).toMatchObject({ status: null, fault: 'resetAfterBytes 10000' });
		expect(patch?.bodyBytes).toBeGreaterThanOrEqual(10_000);
	});
});
