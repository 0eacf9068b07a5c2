import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { DetailedError } from 'tus-js-client';

import { abortableSleep } from '../../../shared/abortable-sleep';
import { getCancelSignal, getConnection, resolveRoughyUrl } from '../../../shared/transport';
import {
	backoffMs,
	MAX_RETRY_AFTER_MS,
	MAX_TRANSIENT_RETRIES,
	nextDelayAfterFailure,
	RATE_LIMIT_BUDGET_MS,
	type RetryState,
} from '../../../shared/transport/retry-policy';
import { TusChunkSource } from './tus-chunk-source';
import { createTusUpload, type TusUpload } from './tus-upload';
import { cancelUpload, confirmUploadComplete, rejectMedia, removeAsset, uploadFailed } from './upload-endings';
import { nextStepAfterFailure } from './upload-failure';
import type { AssetUploadJob, AssetUploadReport } from './upload-job';
import { formatBytes } from './upload-progress';

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
	const { input } = job;
	const signal = getCancelSignal(context);
	const connection = await getConnection(context);
	await refuseUploadUrlOffRoughy(context, job, connection.baseUrl);

	const source = new TusChunkSource({
		size: input.size,
		chunkSize: job.chunkSize,
		open: input.open,
		reader: input.reader,
		signal,
	});
	const upload = createTusUpload(context, job, source, connection);
	try {
		await uploadWithRetries(context, job, upload, signal);
		await confirmUploadComplete(context, job, source.endVerified);
		return upload.report;
	} finally {
		await upload.abort();
		source.close();
	}
}

/**
 * The upload URL must be on the credential's host, since every TUS request
 * carries the API key. If it is not, nothing is sent and the asset just
 * created for it is removed again.
 */
async function refuseUploadUrlOffRoughy(context: IExecuteFunctions, job: AssetUploadJob, baseUrl: string) {
	const { assetId, itemIndex } = job;
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
}

/**
 * Runs tus-js-client until the upload is done. A failure that left the
 * server's offset where it was counts against MAX_TRANSIENT_RETRIES; one
 * after progress starts the count again. 429s wait within the transport's
 * rate-limit budget instead.
 */
async function uploadWithRetries(
	context: IExecuteFunctions,
	job: AssetUploadJob,
	upload: TusUpload,
	signal: AbortSignal | undefined,
): Promise<void> {
	const { assetId } = job;
	let failuresWithoutProgress = 0;
	let offsetAtLastFailure: number | undefined;
	const rateLimit: RetryState = { transientRetries: 0, rateLimitWaitedMs: 0 };
	for (;;) {
		try {
			await upload.attempt();
			return;
		} catch (error) {
			const next = await nextStepAfterFailure(context, job, error as DetailedError, signal);
			const serverOffset = upload.serverOffset();
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
			upload.report.retries++;
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
}

/** The backoff before retry number `retry` (0-based), at least what the server asked for. */
function uploadRetryDelay(retry: number, askedMs: number): number {
	return Math.min(MAX_RETRY_AFTER_MS, Math.max(askedMs, backoffMs(retry)));
}
