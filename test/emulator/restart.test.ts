import { fakeMp4, sha256 } from '../fixtures/media';
import { eventually, useEmulator } from './support/client';
import { createAsset, createProject, tusHead, tusPatch } from './support/uploads';

describe('restart', () => {
	const context = useEmulator();

	test('while down, connections are refused; afterwards state and stored bytes are all still there', async () => {
		const bytes = fakeMp4(20_000);
		const asset = await createAsset(context.api, await createProject(context.api), bytes.length);
		await tusPatch(context.api, asset.upload_url, 0, bytes.subarray(0, 8000));

		const restarting = context.emulator.restart({ downMs: 300 });
		await new Promise((resolve) => setTimeout(resolve, 100));
		await expect(context.api.get('/v1/users/me')).rejects.toThrow();
		await restarting;

		expect((await tusHead(context.api, asset.upload_url)).headers.get('upload-offset')).toBe('8000');
		expect((await tusPatch(context.api, asset.upload_url, 8000, bytes.subarray(8000))).status).toBe(204);
		expect(context.emulator.storedUpload(asset.id).sha256).toBe(sha256(bytes));
	});

	test('POST /__emulator/restart answers 202, then the emulator comes back on the same port', async () => {
		const project = await createProject(context.api);
		const reply = await fetch(`${context.emulator.url}/__emulator/restart`, { method: 'POST', body: JSON.stringify({ downMs: 100 }) });
		expect(reply.status).toBe(202);
		const back = await eventually(async () => {
			const answer = await context.api.get(`/v1/projects/${project}`).catch(() => undefined);
			return answer?.status === 200 && answer;
		});
		expect(back.json.id).toBe(project);
	});
});
