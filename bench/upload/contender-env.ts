import { statSync } from 'node:fs';

import { processCpuSeconds } from '../shared/process-cpu';
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
	/** The emulator's process. */
	serverPid: number;
}

export interface ContenderResult {
	/** Seconds from the first upload request to the last byte confirmed. */
	seconds: number;
	bytes: number;
	/** CPU time (user + system) of the contender's process over the same window, all its threads. */
	cpuSeconds?: number;
	/** CPU time of the emulator's processes over the same window (it shares this machine's cores). */
	serverCpuSeconds?: number;
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
		serverPid: Number(need('BENCH_SERVER_PID')),
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

/** CPU time of this process (every thread) and of the emulator, from start() to stop(). */
export class CpuWindow {
	private readonly ownAtStart = process.cpuUsage();

	private readonly serverAtStart: number | undefined;

	constructor(private readonly serverPid: number) {
		this.serverAtStart = processCpuSeconds(serverPid);
	}

	stop(): { cpuSeconds: number; serverCpuSeconds?: number } {
		const own = process.cpuUsage(this.ownAtStart);
		const server = processCpuSeconds(this.serverPid);
		return {
			cpuSeconds: (own.user + own.system) / 1e6,
			...(server !== undefined && this.serverAtStart !== undefined && { serverCpuSeconds: server - this.serverAtStart }),
		};
	}
}
