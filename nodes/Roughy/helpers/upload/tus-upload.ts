import type { IExecuteFunctions } from 'n8n-workflow';
import { Upload, type HttpResponse } from 'tus-js-client';

import type { RoughyConnection } from '../../../shared/transport/base-url';
import { N8nTusHttpStack } from '../../../shared/transport/tus-http-stack';
import type { TusChunkSource } from './tus-chunk-source';
import type { AssetUploadJob, AssetUploadReport } from './upload-job';
import { UploadProgressLog } from './upload-progress';

/** The upload on the server has another length than the file: it is not the same file. */
export class UploadLengthMismatchError extends Error {
	constructor(readonly serverLength: number) {
		super(`The upload expects ${serverLength} bytes`);
		this.name = 'UploadLengthMismatchError';
	}
}

/**
 * A PATCH was answered with another offset than the one it was sent at plus
 * the bytes it carried: the server did not confirm the chunk. The offset is
 * read again with HEAD and the upload goes on from there.
 */
export class UnconfirmedChunkError extends Error {
	constructor(
		readonly expected: number,
		readonly answered: number | undefined,
	) {
		super(`Roughy answered the chunk with offset ${answered ?? 'none'} instead of ${expected}`);
		this.name = 'UnconfirmedChunkError';
	}
}

/** The server claims more bytes than the upload can have: nothing it says about this upload can be trusted. */
export class OffsetPastLengthError extends Error {
	constructor(
		readonly offset: number,
		readonly length: number,
	) {
		super(`Roughy reports ${offset} bytes received for a ${length}-byte upload`);
		this.name = 'OffsetPastLengthError';
	}
}

function header(response: HttpResponse | null | undefined, name: string): number | undefined {
	const value = Number.parseInt(response?.getHeader(name) ?? '', 10);
	return Number.isNaN(value) ? undefined : value;
}

/** One tus-js-client upload of a job, with what it has learnt of Roughy's side. */
export interface TusUpload {
	readonly report: AssetUploadReport;
	/** The offset Roughy last stated, by HEAD or by accepting a chunk. */
	serverOffset(): number | undefined;
	/** One run of tus-js-client: HEAD, then PATCHes until done; rejects with its DetailedError. */
	attempt(): Promise<void>;
	/** Stops tus-js-client; the upload on Roughy's side is left as it is. */
	abort(): Promise<void>;
}

/**
 * tus-js-client set up for one asset: n8n's HTTP stack, the chunk source,
 * no retries or URL storage of its own, and callbacks that check every
 * answer's offsets (tus-js-client trusts them) and keep the report.
 */
export function createTusUpload(
	context: IExecuteFunctions,
	job: AssetUploadJob,
	source: TusChunkSource,
	connection: Pick<RoughyConnection, 'baseUrl' | 'timeoutMs'>,
): TusUpload {
	const { assetId, input } = job;
	const report: AssetUploadReport = {
		bytes_sent: 0,
		chunk_count: 0,
		chunk_size: job.chunkSize,
		resumed_from_offset: 0,
		retries: 0,
	};
	let serverOffset: number | undefined;
	let progress: UploadProgressLog | undefined;
	let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;

	const upload = new Upload(source as unknown as Buffer, {
		uploadUrl: job.uploadUrl,
		uploadSize: input.size,
		chunkSize: job.chunkSize,
		retryDelays: null,
		httpStack: new N8nTusHttpStack(context, connection.baseUrl, connection.timeoutMs),
		fileReader: { openFile: async () => source },
		// Resuming is by asset id ("Resume Asset ID"), not tus-js-client's URL storage.
		storeFingerprintForResuming: false,
		fingerprint: (async () => null) as unknown as () => Promise<string>,
		onAfterResponse: (request, response) => {
			if (response.getStatus() >= 300) return;
			if (request.getMethod() === 'PATCH') {
				// tus-js-client takes any offset a PATCH answer gives; only the one the chunk leads to confirms it.
				const expected = Number(request.getHeader('Upload-Offset')) + Number(request.getHeader('Content-Length') ?? 0);
				const answered = header(response, 'Upload-Offset');
				if (answered !== expected) throw new UnconfirmedChunkError(expected, answered);
				return;
			}
			if (request.getMethod() !== 'HEAD') return;
			const length = header(response, 'Upload-Length');
			if (length !== undefined && length !== input.size) throw new UploadLengthMismatchError(length);
			const offset = header(response, 'Upload-Offset');
			if (offset !== undefined && (offset > input.size || offset < 0)) throw new OffsetPastLengthError(offset, input.size);
			serverOffset = offset;
			if (!progress && serverOffset !== undefined) {
				report.resumed_from_offset = serverOffset;
				progress = new UploadProgressLog(context.logger, assetId, input.size, serverOffset);
				progress.started(input.readFrom);
			}
		},
		onChunkComplete: (_accepted, offset) => {
			report.chunk_count++;
			// What this run added to the upload, including bytes the server kept from a dropped PATCH.
			report.bytes_sent = offset - report.resumed_from_offset;
			serverOffset = offset;
			progress?.accepted(offset);
		},
		onSuccess: () => settle?.resolve(),
		onError: (error) => settle?.reject(error),
	});

	return {
		report,
		serverOffset: () => serverOffset,
		attempt: async () =>
			await new Promise<void>((resolve, reject) => {
				settle = { resolve, reject };
				upload.start();
			}),
		abort: async () => await upload.abort(false).catch(() => undefined),
	};
}
