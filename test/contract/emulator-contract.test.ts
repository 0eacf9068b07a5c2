import { ContractChecker } from '../../emulator/contract/contract-check';
import type { Route } from '../../emulator/http/router';
import { fakeMp3, fakeMp4, notMedia } from '../fixtures/media';
import { useEmulator } from '../emulator/support/client';
import { createAsset, createProject, TUS, tusHead, tusPatch } from '../emulator/support/uploads';

const UNKNOWN_ID = '019de7f7-3a52-74d1-9eeb-323e0bfb7bb9';

/**
 * Drives every operation of contract/openapi.yaml, on its success and error
 * paths, with the emulator validating each answer against the contract.
 */
describe('the emulator answers as contract/openapi.yaml says', () => {
	const context = useEmulator({ contractCheck: true, timing: 'manual' });
	const statuses: number[] = [];
	const expectNoViolations = () => expect(context.emulator.contractViolations).toEqual([]);
	const record = async (reply: Promise<{ status: number }>) => {
		statuses.push((await reply).status);
	};

	test('projects', async () => {
		const { api } = context;
		const { json: project } = await api.post('/v1/projects', { name: 'Contract' });
		await record(api.post('/v1/projects', { name: '' }));
		await record(api.post('/v1/projects', { name: 'x' }, { key: null }));
		await record(api.get('/v1/projects'));
		await record(api.get('/v1/projects?state=archived&limit=5&offset=0'));
		await record(api.get('/v1/projects?limit=0'));
		await record(api.get(`/v1/projects/${project.id}`));
		await record(api.get(`/v1/projects/${UNKNOWN_ID}`));
		await record(api.patch(`/v1/projects/${project.id}`, { name: 'Renamed', state: 'archived' }));
		await record(api.patch(`/v1/projects/${project.id}`, { state: 'deleted' }));
		await record(api.patch(`/v1/projects/${UNKNOWN_ID}`, { name: 'x' }));
		await record(api.delete(`/v1/projects/${project.id}`));
		await record(api.delete(`/v1/projects/${project.id}`));
		expect(statuses.splice(0)).toEqual([422, 401, 200, 200, 422, 200, 404, 200, 422, 404, 204, 404]);
		expectNoViolations();
	});

	test('assets and TUS uploads', async () => {
		const { api, emulator } = context;
		const project = await createProject(api);
		const bytes = fakeMp4(10_000);
		const created = await api.post('/v1/assets', { project_id: project, size_bytes: bytes.length, language: 'en' });
		const url = created.json.upload_url;
		await record(api.post('/v1/assets', { project_id: project, size_bytes: 10 }));
		await record(api.post('/v1/assets', { project_id: UNKNOWN_ID, size_bytes: 100 }));
		await record(api.post('/v1/assets', { project_id: project, size_bytes: 60 * 1024 ** 3 }));
		await record(api.request('OPTIONS', url, { key: null }));
		await record(tusHead(api, url));
		await record(api.request('HEAD', url, { key: null, headers: { 'Tus-Resumable': '1.0.0' } }));
		await record(api.request('HEAD', url, {}));
		await record(api.request('HEAD', `${emulator.url}/v1/uploads/${UNKNOWN_ID}`, { headers: { 'Tus-Resumable': '1.0.0' } }));
		await record(tusPatch(api, url, 0, bytes.subarray(0, 10)));
		await record(tusPatch(api, url, 0, bytes.subarray(0, 4000)));
		await record(tusPatch(api, url, 10, bytes.subarray(10)));
		await record(tusPatch(api, url, 4000, bytes.subarray(4000), { 'Content-Type': 'text/plain' }));
		await record(api.request('PATCH', url, { raw: bytes.subarray(4000), headers: { 'Content-Type': TUS['Content-Type'], 'Upload-Offset': '4000' } }));
		await record(tusPatch(api, url, 4000, Buffer.concat([bytes.subarray(4000), Buffer.alloc(10)])));
		await record(tusPatch(api, url, 4000, bytes.subarray(4000)));
		await record(api.get('/v1/assets'));
		await record(api.get(`/v1/assets?project_id=${project}&state=processing&state=ready`));
		await record(api.get('/v1/assets?state=nope'));
		await record(api.get(`/v1/assets/${created.json.id}`));
		emulator.control.advanceAll();
		await record(api.get(`/v1/assets/${created.json.id}`));
		await record(api.get(`/v1/assets/${UNKNOWN_ID}`));
		expect(statuses.splice(0)).toEqual([422, 404, 413, 204, 200, 401, 412, 404, 400, 204, 409, 415, 412, 413, 204, 200, 200, 422, 200, 200, 404]);

		const rejected = await createAsset(api, project, 5000);
		await record(tusPatch(api, rejected.upload_url, 0, notMedia(5000)));
		await record(tusHead(api, rejected.upload_url));
		await record(tusPatch(api, rejected.upload_url, 0, fakeMp3(5000)));
		await record(api.get(`/v1/assets/${rejected.id}`));
		const cancelled = await createAsset(api, project, 5000);
		await record(api.request('DELETE', cancelled.upload_url, {}));
		await record(api.request('DELETE', cancelled.upload_url, { headers: { 'Tus-Resumable': '1.0.0' } }));
		await record(api.request('DELETE', cancelled.upload_url, { headers: { 'Tus-Resumable': '1.0.0' } }));
		await record(api.delete(`/v1/assets/${created.json.id}`));
		await record(api.delete(`/v1/assets/${created.json.id}`));
		emulator.control.setBalance(0);
		await record(api.post('/v1/assets', { project_id: project, size_bytes: 100 }));
		expect(statuses.splice(0)).toEqual([409, 410, 410, 200, 412, 204, 404, 204, 404, 402]);
		expectNoViolations();
	});

	test('cuts and their exports', async () => {
		const { api, emulator } = context;
		const video = emulator.control.seedAsset({ format: 'mp4' });
		const audio = emulator.control.seedAsset({ format: 'mp3' });
		const processing = emulator.control.seedAsset({ state: 'processing' });
		const created = await api.post('/v1/cuts', { asset_id: video.id, script: 'Hello there' });
		await record(api.post('/v1/cuts', { asset_id: video.id, script: 'Hello there' }));
		await record(api.post('/v1/cuts', { asset_id: processing.id }));
		await record(api.post('/v1/cuts', { asset_id: UNKNOWN_ID }));
		await record(api.post('/v1/cuts', { asset_id: 'nope' }));
		await record(api.get(`/v1/cuts/${created.json.id}/export?format=fcpxml`));
		emulator.control.advanceAll();
		await record(api.get('/v1/cuts?state=completed'));
		await record(api.get(`/v1/cuts/${created.json.id}`));
		await record(api.get(`/v1/cuts/${UNKNOWN_ID}`));
		for (const format of ['fcpxml', 'premiere', 'davinci']) await record(api.get(`/v1/cuts/${created.json.id}/export?format=${format}&frame_rate=29.97`));
		await record(api.get(`/v1/cuts/${created.json.id}/export?format=edl`));
		const audioCut = emulator.control.seedCut({ asset_id: audio.id });
		await record(api.get(`/v1/cuts/${audioCut.id}/export?format=fcpxml`));
		await record(api.get(`/v1/cuts/${created.json.id}/subtitle/export?format=srt`));
		await record(api.get(`/v1/cuts/${created.json.id}/subtitle/export?format=vtt`));
		await record(api.get(`/v1/cuts/${created.json.id}/subtitle/export`));
		emulator.control.completeCut(audioCut.id, { unavailableFormats: ['srt'] });
		await record(api.get(`/v1/cuts/${audioCut.id}/subtitle/export?format=srt`));
		await record(api.get(`/v1/cuts/${UNKNOWN_ID}/subtitle/export?format=srt`));
		expect(created.status).toBe(201);
		expect(statuses.splice(0)).toEqual([200, 409, 404, 422, 409, 200, 200, 404, 200, 200, 200, 422, 422, 200, 200, 422, 409, 404]);
		expectNoViolations();
	});

	test('renders', async () => {
		const { api, emulator } = context;
		const asset = emulator.control.seedAsset({ format: 'mp4' });
		const pendingCut = emulator.control.seedCut({ asset_id: asset.id, state: 'pending' });
		const created = await api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4', resolution: '720p', video_bitrate: 5, audio_bitrate: 128, frame_rate: 30 } });
		await record(api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4', resolution: '720p', video_bitrate: 5, audio_bitrate: 128, frame_rate: 30 } }));
		await record(api.post('/v1/renders', { asset_id: asset.id, cut_id: pendingCut.id, output: { format: 'mp3' } }));
		await record(api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp3', resolution: '4k' } }));
		await record(api.post('/v1/renders', { asset_id: UNKNOWN_ID, output: { format: 'mp3' } }));
		await record(api.post('/v1/renders', { asset_id: emulator.control.seedAsset({ state: 'processing', format: 'mp4' }).id, output: { format: 'mov' } }));
		await record(api.get(`/v1/renders/${created.json.id}`));
		const toCancel = await api.post('/v1/renders', { asset_id: asset.id, output: { format: 'm4a' } });
		await record(api.post(`/v1/renders/${toCancel.json.id}/cancel`));
		await record(api.post(`/v1/renders/${toCancel.json.id}/cancel`));
		await record(api.post(`/v1/renders/${UNKNOWN_ID}/cancel`));
		emulator.control.advanceAll();
		await record(api.get(`/v1/renders/${created.json.id}`));
		await record(api.get(`/v1/renders?asset_id=${asset.id}&state=completed&state=cancelled`));
		await record(api.get('/v1/renders?limit=500'));
		await record(api.get(`/v1/renders/${UNKNOWN_ID}`));
		expect(created.status).toBe(201);
		expect(statuses.splice(0)).toEqual([200, 409, 422, 404, 409, 200, 200, 409, 404, 200, 200, 422, 404]);
		expectNoViolations();
	});

	test('webhook endpoints, credits and the user', async () => {
		const { api } = context;
		const created = await api.post('/v1/webhook-endpoints', { url: 'https://hooks.example.com/r', event_types: ['asset.ready'], description: null });
		await record(api.post('/v1/webhook-endpoints', { url: 'ftp://x', event_types: [] }));
		await record(api.get('/v1/webhook-endpoints'));
		await record(api.get('/v1/webhook-endpoints?offset=-3'));
		await record(api.get(`/v1/webhook-endpoints/${created.json.id}/secret`));
		await record(api.get('/v1/webhook-endpoints/ep_unknown/secret'));
		await record(api.delete(`/v1/webhook-endpoints/${created.json.id}`));
		await record(api.delete(`/v1/webhook-endpoints/${created.json.id}`));
		await record(api.get('/v1/credits/balance'));
		await record(api.get('/v1/credits/history?limit=1'));
		await record(api.get('/v1/credits/history?limit=1000'));
		await record(api.get('/v1/users/me'));
		await record(api.get('/v1/users/me', { key: null }));
		context.emulator.control.setRateLimit({ requestsPerSecond: 1, burst: 1 });
		await record(api.get('/v1/credits/balance'));
		await record(api.get('/v1/credits/balance'));
		expect(created.status).toBe(201);
		expect(statuses.splice(0)).toEqual([422, 200, 422, 200, 404, 204, 404, 200, 200, 422, 200, 401, 200, 429]);
		expectNoViolations();
	});
});

describe('the contract check itself', () => {
	const route: Route = { method: 'GET', template: '/v1/projects/{project_id}', authenticated: true, handler: () => ({ status: 200 }) };
	const project = {
		id: '019de7f5-7e21-7402-92a8-1c0e1fa84411',
		name: 'Episode 42',
		state: 'active',
		archived_at: null,
		created_at: '2026-05-02T08:54:52.423000Z',
		updated_at: '2026-05-02T08:54:52.423000Z',
	};

	test('a body that matches its schema is no violation', () => {
		const violations: string[] = [];
		new ContractChecker(violations).check(route, { status: 200, json: project });
		expect(violations).toEqual([]);
	});

	test('a missing required field is reported', () => {
		const violations: string[] = [];
		const { archived_at: _omitted, ...withoutArchivedAt } = project;
		new ContractChecker(violations).check(route, { status: 200, json: withoutArchivedAt });
		expect(violations).toEqual([expect.stringContaining("must have required property 'archived_at'")]);
	});

	test('an undocumented status is reported', () => {
		const violations: string[] = [];
		new ContractChecker(violations).check(route, { status: 409, json: { error: { code: 'conflict', message: 'x' } } });
		expect(violations).toEqual(['GET /v1/projects/{project_id} → 409: status not documented']);
	});

	test('an error code answered with another status than its own is reported', () => {
		const violations: string[] = [];
		new ContractChecker(violations).check(route, { status: 404, json: { error: { code: 'conflict', message: 'x' } } });
		expect(violations).toEqual([expect.stringContaining('error code conflict belongs with status 409')]);
	});

	test('a documented header that is missing is reported', () => {
		const violations: string[] = [];
		const create: Route = { ...route, method: 'POST', template: '/v1/assets' };
		new ContractChecker(violations).check(create, { status: 201, json: {}, headers: {} });
		expect(violations).toEqual(expect.arrayContaining([expect.stringContaining('missing header Location')]));
	});
});
