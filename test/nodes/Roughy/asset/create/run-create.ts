import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunningEmulator } from '../../../../../emulator';
import type { RecordedRequest } from '../../../../../emulator';
import { binaryFromBuffer, runRoughyNode, type BinaryMode, type TestBinary } from '../../../../harness';

export const MIB = 1024 * 1024;

export interface CreateRun {
	emu: RunningEmulator;
	projectId: string;
	/** The file on the input item's `data` field; left out, the item has no binary. */
	file?: TestBinary;
	binaryMode?: BinaryMode;
	/** Extra node parameters (merged over resource/operation/project). */
	parameters?: IDataObject;
	/** Entries of the Options collection; chunk size defaults to 1 MiB so small files span several chunks. */
	options?: IDataObject;
	continueOnFail?: boolean;
	signal?: AbortSignal;
	input?: Array<{ json: IDataObject; binary?: Record<string, TestBinary> }>;
}

export function mp4File(bytes: Buffer, fileName = 'interview.mp4', mimeType = 'video/mp4'): TestBinary {
	return binaryFromBuffer(bytes, fileName, mimeType);
}

/** Runs Roughy → Asset → Create on one item, through n8n's engine, against the emulator. */
export async function runCreate(run: CreateRun) {
	return await runRoughyNode({
		parameters: {
			resource: 'asset',
			operation: 'create',
			projectId: { __rl: true, mode: 'id', value: run.projectId },
			binaryPropertyName: 'data',
			options: { chunkSizeMiB: 1, ...run.options },
			...run.parameters,
		},
		credentials: { baseUrl: run.emu.url, apiKey: run.emu.apiKey },
		input: run.input ?? [{ json: { take: 1 }, ...(run.file && { binary: { data: run.file } }) }],
		binaryMode: run.binaryMode,
		continueOnFail: run.continueOnFail,
		signal: run.signal,
	});
}

export interface UploadFacts {
	bytes_sent: number;
	chunk_count: number;
	chunk_size: number;
	resumed_from_offset: number;
	retries: number;
}

export function outputOf(items: INodeExecutionData[], index = 0) {
	return items[index].json as IDataObject & { id: string; state: string; upload: UploadFacts };
}

export function requestsTo(emu: RunningEmulator, method: string, path: RegExp): RecordedRequest[] {
	return emu.requests.filter((request) => request.method === method && path.test(request.path));
}

export const ASSET_CREATES = /^\/v1\/assets$/;
export const UPLOADS = /^\/v1\/uploads\//;
