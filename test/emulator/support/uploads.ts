import type { RunningEmulator } from '../../../emulator';
import type { ApiClient, Reply } from './client';

export const TUS = { 'Tus-Resumable': '1.0.0', 'Content-Type': 'application/offset+octet-stream' };

/** One TUS PATCH of `bytes` at `offset`. */
export function tusPatch(api: ApiClient, uploadUrl: string, offset: number, bytes: Buffer, headers: Record<string, string> = {}): Promise<Reply> {
	return api.request('PATCH', uploadUrl, { raw: bytes, headers: { ...TUS, 'Upload-Offset': String(offset), ...headers } });
}

export function tusHead(api: ApiClient, uploadUrl: string): Promise<Reply> {
	return api.request('HEAD', uploadUrl, { headers: { 'Tus-Resumable': '1.0.0' } });
}

export async function createProject(api: ApiClient, name = 'Episode 42'): Promise<string> {
	const reply = await api.post('/v1/projects', { name });
	if (reply.status !== 201) throw new Error(`project create answered ${reply.status}`);
	return reply.json.id;
}

/** POST /v1/assets for a file of this size; returns the created asset (with upload_url). */
export async function createAsset(api: ApiClient, projectId: string, size: number): Promise<{ id: string; upload_url: string }> {
	const reply = await api.post('/v1/assets', { project_id: projectId, size_bytes: size });
	if (reply.status !== 201) throw new Error(`asset create answered ${reply.status}: ${reply.text}`);
	return reply.json;
}

/** Creates an asset and uploads `bytes` in one PATCH; returns the asset id. */
export async function uploadAsset(api: ApiClient, bytes: Buffer, projectId?: string): Promise<string> {
	const project = projectId ?? (await createProject(api));
	const asset = await createAsset(api, project, bytes.length);
	const reply = await tusPatch(api, asset.upload_url, 0, bytes);
	if (reply.status !== 204) throw new Error(`PATCH answered ${reply.status}: ${reply.text}`);
	return asset.id;
}

/** Uploads and waits until the asset leaves `processing`. */
export async function readyAsset(emulator: RunningEmulator, api: ApiClient, bytes: Buffer, projectId?: string): Promise<string> {
	const id = await uploadAsset(api, bytes, projectId);
	await emulator.control.idle();
	return id;
}
