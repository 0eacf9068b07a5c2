import { statSync } from 'node:fs';

import type { RssReport } from '../shared/rss';

/** What the orchestrator hands every contender process (through the environment). */
export interface BenchTarget {
	baseUrl: string;
	apiKey: string;
	projectId: string;
	file: string;
	size: number;
	chunkBytes: number;
	/** A smaller file every contender uploads once first, outside the measurement. */
	warmUpFile: string;
}

export interface ContenderResult {
	/** Seconds from the first upload request to the last byte confirmed. */
	seconds: number;
	bytes: number;
	rss: RssReport;
	assetId?: string;
	notes?: string;
}

export function targetFromEnv(): BenchTarget {
	const need = (name: string) => {
		const value = process.env[name];
		if (!value) throw new Error(`${name} is not set (run through npm run bench:upload)`);
		return value;
	};
	const file = need('BENCH_FILE');
	return {
		baseUrl: need('BENCH_BASE_URL'),
		apiKey: need('BENCH_API_KEY'),
		projectId: need('BENCH_PROJECT_ID'),
		file,
		size: statSync(file).size,
		chunkBytes: Number(need('BENCH_CHUNK_BYTES')),
		warmUpFile: need('BENCH_WARM_UP_FILE'),
	};
}

/** POST /v1/assets outside the measured window; returns the asset id and its TUS URL. */
export async function createAsset(target: BenchTarget, size = target.size): Promise<{ id: string; uploadUrl: string }> {
	const response = await fetch(`${target.baseUrl}/v1/assets`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${target.apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ project_id: target.projectId, size_bytes: size }),
	});
	if (response.status !== 201) throw new Error(`POST /v1/assets answered ${response.status}: ${await response.text()}`);
	const asset = (await response.json()) as { id: string; upload_url: string };
	return { id: asset.id, uploadUrl: asset.upload_url };
}

/** Removes an asset and its stored bytes from the emulator. */
export async function deleteAsset(target: Pick<BenchTarget, 'baseUrl' | 'apiKey'>, assetId: string): Promise<void> {
	const response = await fetch(`${target.baseUrl}/v1/assets/${assetId}`, {
		method: 'DELETE',
		headers: { Authorization: `Bearer ${target.apiKey}` },
	});
	if (response.status !== 204 && response.status !== 404) {
		throw new Error(`DELETE /v1/assets/${assetId} answered ${response.status}`);
	}
}

export function reportResult(result: ContenderResult) {
	process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
