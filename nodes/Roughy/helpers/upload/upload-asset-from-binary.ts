import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { Upload, type DetailedError, type HttpResponse } from 'tus-js-client';

import { abortableSleep } from '../../../shared/abortable-sleep';
import { executionCancelled, isExecutionCancelled } from '../../../shared/cancellation';
import { asNodeError } from '../../../shared/node-errors';
import {
	describeFailure,
	getBaseUrl,
	getCancelSignal,
	getConnection,
	parseFailure,
	resolveRoughyUrl,
	roughyApiRequestFull,
	roughyErrorCode,
	roughyStatus,
} from '../../../shared/transport';
import { toNetworkError } from '../../../shared/transport/errors';
import {
	backoffMs,
	MAX_RETRY_AFTER_MS,
	MAX_TRANSIENT_RETRIES,
	nextDelayAfterFailure,
	RATE_LIMIT_BUDGET_MS,
	type RetryState,
} from '../../../shared/transport/retry-policy';
import {
	N8nTusHttpStack,
	TusConnectionError,
	TusUrlRefusedError,
	withoutCancelSignal,
} from '../../../shared/transport/tus-http-stack';
import type { Asset } from '../../../shared/types';
import type { BinaryUploadInput } from './binary-input';
import { BinaryEndedEarlyError, BinaryLongerThanDeclaredError } from './chunk-reader';
import { TusChunkSource } from './tus-chunk-source';
import { formatBytes, UploadProgressLog } from './upload-progress';

export interface AssetUploadJob {
	assetId: string;
	/** The asset's TUS URL (`upload_url` / `Location`). */
	uploadUrl: string;
	input: BinaryUploadInput;
	chunkSize: number;
	itemIndex: number;
}

/** Upload facts for the output item, next to the asset. */
export interface AssetUploadReport {
	bytes_sent: number;
	chunk_count: number;
	chunk_size: number;
	resumed_from_offset: number;
	retries: number;
}

/** The upload on the server has another length than the file: it is not the same file. */
class UploadLengthMismatchError extends Error {
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
class UnconfirmedChunkError extends Error {
	constructor(
		readonly expected: number,
		readonly answered: number | undefined,
	) {
		super(`Roughy answered the chunk with offset ${answered ?? 'none'} instead of ${expected}`);
		this.name = 'UnconfirmedChunkError';
	}
}

/** The server claims more bytes than the upload can have: nothing it says about this upload can be trusted. */
class OffsetPastLengthError extends Error {
	constructor(
		readonly offset: number,
		readonly length: number,
	) {
		super(`Roughy reports ${offset} bytes received for a ${length}-byte upload`);
		this.name = 'OffsetPastLengthError';
	}
}

type Next =
	| { action: 'retry'; askedDelayMs: number; reason: string; rateLimited?: boolean }
	| { action: 'cancelled' }
	| { action: 'mediaRejected' }
	| { action: 'fail'; reason: string; description: string; code?: string; resumable: boolean };

const TUS_HEADERS = { 'Tus-Resumable': '1.0.0' };

function header(response: HttpResponse | null | undefined, name: string): number | undefined {
	const value = Number.parseInt(response?.getHeader(name) ?? '', 10);
	return Number.isNaN(value) ? undefined : value;
}

/**
 * Streams an n8n binary into a Roughy asset's TUS upload with tus-js-client.
 *
 * tus-js-client does the protocol (HEAD for the offset, one PATCH per chunk,
 * checking each new offset); this function drives it. Its own retries are
 * off because they wait with timers and know nothing of n8n's cancellation:
 * after a dropped connection, a 5xx or an offset conflict, this loop waits
 * with n8n's sleep (cut short by a cancel) and starts tus again, which HEADs
 * the server's offset and continues from exactly there. The chunk source
 * serves that offset from the chunk still in memory or re-reads the binary,
 * so nothing the server already holds is sent twice.
 */
export async function uploadAssetFromBinary(
	context: IExecuteFunctions,
	job: AssetUploadJob,
): Promise<AssetUploadReport> {
	const { assetId, input, itemIndex } = job;
	const signal = getCancelSignal(context);
	const { baseUrl, timeoutMs } = await getConnection(context);
	try {
		resolveRoughyUrl(baseUrl, job.uploadUrl);
	} catch (error) {
		job.input.reader.destroy();
		await removeAsset(context, assetId);
		throw new NodeOperationError(context.getNode(), `Roughy gave an upload address for asset ${assetId} on another host`, {
			itemIndex,
			description: `${(error as Error).message} The asset was removed again. Check the Base URL in the Roughy credential.`,
		});
	}

	const source = new TusChunkSource({
		size: input.size,
		chunkSize: job.chunkSize,
		open: input.open,
		reader: input.reader,
		signal,
	});
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
		httpStack: new N8nTusHttpStack(context, baseUrl, timeoutMs),
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

	let failuresWithoutProgress = 0;
	let offsetAtLastFailure: number | undefined;
	const rateLimit: RetryState = { transientRetries: 0, rateLimitWaitedMs: 0 };
	try {
		for (;;) {
			try {
				await new Promise<void>((resolve, reject) => {
					settle = { resolve, reject };
					upload.start();
				});
				break;
			} catch (error) {
				const next = await decideNext(context, job, error as DetailedError, signal);
				if (next.action === 'cancelled') throw await cancelUpload(context, job);
				if (next.action === 'mediaRejected') throw await rejectMedia(context, job);
				if (next.action === 'fail') throw uploadFailed(context, job, next, serverOffset);

				if (serverOffset !== offsetAtLastFailure) {
					failuresWithoutProgress = 0;
					rateLimit.rateLimitWaitedMs = 0;
				}
				offsetAtLastFailure = serverOffset;
				let delayMs: number | undefined;
				if (next.rateLimited) {
					// Roughy stored nothing and said when to come back: waited out within the
					// transport's rate-limit budget, as every other request does, not counted as a failure.
					delayMs = nextDelayAfterFailure({ status: 429, retryAfterSeconds: next.askedDelayMs / 1000 }, true, rateLimit);
					if (delayMs !== undefined) rateLimit.rateLimitWaitedMs += delayMs;
				} else if (++failuresWithoutProgress <= MAX_TRANSIENT_RETRIES) {
					delayMs = uploadRetryDelay(failuresWithoutProgress - 1, next.askedDelayMs);
				}
				if (delayMs === undefined) {
					throw uploadFailed(
						context,
						job,
						{
							reason: next.reason,
							description: next.rateLimited
								? `Roughy kept rate limiting the upload for ${RATE_LIMIT_BUDGET_MS / 60_000} minutes without it getting further.`
								: `The upload was retried ${MAX_TRANSIENT_RETRIES} times without getting further.`,
							resumable: true,
						},
						serverOffset,
					);
				}
				report.retries++;
				context.logger.warn(
					`Roughy: upload to asset ${assetId} interrupted at ${formatBytes(serverOffset ?? 0)} (${next.reason}); resuming in ${delayMs} ms`,
					{ assetId, offset: serverOffset },
				);
				try {
					await abortableSleep(delayMs, signal);
				} catch {
					throw await cancelUpload(context, job);
				}
			}
		}
		await confirmUploadComplete(context, job, source.endVerified);
		return report;
	} finally {
		await upload.abort(false).catch(() => undefined);
		source.close();
	}
}

async function decideNext(
	context: IExecuteFunctions,
	job: AssetUploadJob,
	error: DetailedError,
	signal: AbortSignal | undefined,
): Promise<Next> {
	const cause: unknown = error.causingError ?? error;
	if (signal?.aborted || isExecutionCancelled(cause)) return { action: 'cancelled' };

	if (cause instanceof BinaryEndedEarlyError) {
		return {
			action: 'fail',
			reason: `the file in "${job.input.propertyName}" ended after ${cause.received} of ${cause.expected} bytes`,
			description: 'n8n reported a different size than the file has. Check the node that produced the file.',
			resumable: false,
		};
	}
	if (cause instanceof BinaryLongerThanDeclaredError) {
		return {
			action: 'fail',
			reason: `the file in "${job.input.propertyName}" has ${cause.actual} bytes, but n8n recorded ${cause.expected}`,
			description: `Only the recorded size was announced to Roughy, so the file would arrive cut short. Asset ${job.assetId} stays in Roughy unfinished (uploads are not charged): delete it. Check the node that produced the file, or write the file to n8n again so n8n records its real size.`,
			resumable: false,
		};
	}
	if (cause instanceof UnconfirmedChunkError) {
		return { action: 'retry', askedDelayMs: 0, reason: cause.message };
	}
	if (cause instanceof OffsetPastLengthError) {
		return {
			action: 'fail',
			reason: cause.message,
			description: `An upload cannot hold more than its length, so what Roughy (or a proxy in between) says about this upload cannot be trusted. Delete asset ${job.assetId} (Asset → Delete) and upload the file again as a new asset. If it happens again, report it to Roughy support.`,
			resumable: false,
		};
	}
	if (cause instanceof UploadLengthMismatchError) {
		return {
			action: 'fail',
			reason: `asset ${job.assetId} expects ${cause.serverLength} bytes, but the file in "${job.input.propertyName}" has ${job.input.size}`,
			description: 'This is not the file the asset was created for. Resume with the same file, or leave "Resume Asset ID" empty to create a new asset.',
			resumable: false,
		};
	}
	if (cause instanceof TusUrlRefusedError) {
		return { action: 'fail', reason: cause.message, description: 'Check the Base URL in the Roughy credential.', resumable: false };
	}

	const response = error.originalResponse;
	if (!response) {
		const reason =
			cause instanceof TusConnectionError
				? toNetworkError(context.getNode(), cause.cause, await getBaseUrl(context)).message
				: `reading the file failed: ${(cause as Error)?.message ?? 'unknown error'}`;
		return { action: 'retry', askedDelayMs: 0, reason };
	}

	const status = response.getStatus();
	const { secrets } = await getConnection(context);
	const failure = parseFailure(
		status,
		response.getBody(),
		{ 'x-request-id': response.getHeader('X-Request-Id'), 'retry-after': response.getHeader('Retry-After') },
		secrets,
	);
	const method = error.originalRequest?.getMethod();
	if (status === 409 && method === 'PATCH') {
		// Roughy answers 409 both for an offset mismatch (HEAD and go on) and
		// for a first chunk that is not media (session cancelled, asset failed).
		if (await wasMediaRejected(context, job.assetId)) return { action: 'mediaRejected' };
		return { action: 'retry', askedDelayMs: 0, reason: 'the server expected another offset' };
	}
	if (status === 423 || status === 429 || status >= 500) {
		return {
			action: 'retry',
			askedDelayMs: (failure.retryAfterSeconds ?? 0) * 1000,
			reason: `HTTP ${status}${failure.code ? ` ${failure.code}` : ''}`,
			rateLimited: status === 429,
		};
	}
	const { message, description } = describeFailure(failure, { subject: `asset ${job.assetId}` });
	const gone = status === 404 || status === 410;
	return {
		action: 'fail',
		reason: message,
		description: gone
			? `${description}\nThe upload no longer exists in Roughy (it expired, was cancelled, or the asset was deleted), so it cannot be resumed. Run the node again without "Resume Asset ID" to create a new asset.`
			: description,
		code: failure.code,
		resumable: !gone,
	};
}

/**
 * tus-js-client calls an upload done as soon as one answer says the offset
 * reached the length: the word of a single answer. The node reports it done
 * only when this run read the file to its declared end (and saw it end
 * there), and a fresh HEAD says Roughy holds exactly that many bytes.
 */
async function confirmUploadComplete(context: IExecuteFunctions, job: AssetUploadJob, fileReadToEnd: boolean) {
	const { assetId, input } = job;
	const stored = await storedBytes(context, job);
	if (fileReadToEnd && stored.offset === input.size && stored.length === input.size) return;
	const reason = fileReadToEnd
		? `a final check found ${stored.offset ?? 'no'} of ${stored.length ?? 'unknown'} bytes stored, not ${input.size}`
		: 'Roughy reported it complete before the node had sent the whole file';
	throw uploadFailed(
		context,
		job,
		{
			reason,
			description: `Roughy (or a proxy in between) confirmed bytes it was never sent, so the asset cannot be trusted. Delete asset ${assetId} (Asset → Delete) and upload the file again as a new asset. If it happens again, report it to Roughy support.`,
			resumable: false,
		},
		stored.offset,
	);
}

/** What Roughy holds of the upload, by HEAD; a server that forgot a finished upload is asked about the asset instead. */
async function storedBytes(
	context: IExecuteFunctions,
	job: AssetUploadJob,
): Promise<{ offset?: number; length?: number }> {
	const request = { subject: `asset ${job.assetId}`, itemIndex: job.itemIndex };
	try {
		const { headers } = await roughyApiRequestFull(context, {
			...request,
			method: 'HEAD',
			path: job.uploadUrl,
			headers: TUS_HEADERS,
			responseAs: 'buffer',
		});
		const number = (name: string) => {
			const value = Number.parseInt(headers[name] ?? '', 10);
			return Number.isNaN(value) ? undefined : value;
		};
		return { offset: number('upload-offset'), length: number('upload-length') };
	} catch (error) {
		const status = roughyStatus(error);
		if (status !== 404 && status !== 410) throw asNodeError(context.getNode(), error);
	}
	const { body: asset } = await roughyApiRequestFull<Asset>(context, {
		...request,
		method: 'GET',
		path: `/v1/assets/${job.assetId}`,
	});
	const size = asset.state === 'pending_upload' ? undefined : (asset.size_bytes ?? undefined);
	return { offset: size, length: size };
}

/** After a 409 on a PATCH: did Roughy reject the file's format (asset failed or already removed)? */
async function wasMediaRejected(context: IExecuteFunctions, assetId: string): Promise<boolean> {
	try {
		const { body } = await roughyApiRequestFull<Asset>(context, {
			method: 'GET',
			path: `/v1/assets/${assetId}`,
			subject: `asset ${assetId}`,
		});
		return body.state === 'failed';
	} catch (error) {
		if (isExecutionCancelled(error)) throw asNodeError(context.getNode(), error);
		return roughyErrorCode(error) === 'not_found';
	}
}

/** Removes the asset with the REST call (works in any state); a missing asset is fine. */
async function removeAsset(context: IExecuteFunctions, assetId: string): Promise<boolean> {
	try {
		await roughyApiRequestFull(withoutCancelSignal(context), {
			method: 'DELETE',
			path: `/v1/assets/${assetId}`,
			subject: `asset ${assetId}`,
			timeoutMs: 30_000,
		});
		return true;
	} catch (error) {
		if (roughyErrorCode(error) === 'not_found') return true;
		context.logger.warn(`Roughy: could not remove asset ${assetId}`, { assetId, status: roughyStatus(error) });
		return false;
	}
}

/** TUS termination: cancels the upload and removes the pending asset, even though the execution was cancelled. */
async function cancelUpload(context: IExecuteFunctions, job: AssetUploadJob) {
	let removed: boolean;
	try {
		await roughyApiRequestFull(withoutCancelSignal(context), {
			method: 'DELETE',
			path: job.uploadUrl,
			headers: TUS_HEADERS,
			responseAs: 'buffer',
			subject: `asset ${job.assetId}`,
			timeoutMs: 30_000,
		});
		removed = true;
	} catch {
		// The upload may be gone already (expired, or cancelled by Roughy); the asset may not.
		removed = await removeAsset(context, job.assetId);
	}
	const error = executionCancelled(context.getNode());
	error.description = removed
		? `Stopped on request. The unfinished upload was cancelled and asset ${job.assetId} removed from Roughy.`
		: `Stopped on request. Asset ${job.assetId} could not be removed and stays in Roughy as "pending upload": delete it with Asset → Delete.`;
	error.context.entityId = job.assetId;
	context.logger.info(`Roughy: upload to asset ${job.assetId} cancelled${removed ? ', asset removed' : ''}`, {
		assetId: job.assetId,
	});
	return error;
}

async function rejectMedia(context: IExecuteFunctions, job: AssetUploadJob) {
	const removed = await removeAsset(context, job.assetId);
	const { propertyName, fileName, media } = job.input;
	const error = new NodeOperationError(
		context.getNode(),
		`Roughy did not accept the file in "${propertyName}"${fileName ? ` (${fileName})` : ''} as audio or video: unsupported media`,
		{
			itemIndex: job.itemIndex,
			description: `The file starts like ${media.format}, but Roughy could not read its format from the first chunk. ${
				removed
					? `The asset it had started (${job.assetId}) was removed; nothing was charged.`
					: `Asset ${job.assetId} could not be removed: delete it with Asset → Delete (it is not charged).`
			} Convert the file to a common format such as MP4 (H.264 and AAC), MOV, MP3 or WAV, then try again.`,
		},
	);
	error.context.roughyErrorCode = 'unsupported_media';
	error.context.entityId = job.assetId;
	return error;
}

function uploadFailed(
	context: IExecuteFunctions,
	job: AssetUploadJob,
	failure: { reason: string; description: string; code?: string; resumable: boolean },
	offset: number | undefined,
) {
	const { assetId, input } = job;
	const at = offset ?? 0;
	const percent = Math.floor((at / input.size) * 100);
	const resume = failure.resumable
		? `\nAsset ${assetId} stays in Roughy with ${formatBytes(at)} of ${formatBytes(input.size)} received. To continue from there, run this node again on the same file with Options → Resume Asset ID set to ${assetId}. To give up instead, delete the asset (Asset → Delete).`
		: '';
	const error = new NodeOperationError(
		context.getNode(),
		`Upload to asset ${assetId} stopped at ${percent}%: ${failure.reason}`,
		{ itemIndex: job.itemIndex, description: `${failure.description}${resume}` },
	);
	error.context.roughyErrorCode = failure.code ?? null;
	error.context.entityId = assetId;
	error.context.uploadOffset = at;
	return error;
}

/** The backoff before retry number `retry` (0-based), at least what the server asked for. */
function uploadRetryDelay(retry: number, askedMs: number): number {
	return Math.min(MAX_RETRY_AFTER_MS, Math.max(askedMs, backoffMs(retry)));
}
