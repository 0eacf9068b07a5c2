import type { IExecuteFunctions } from 'n8n-workflow';
import type { DetailedError } from 'tus-js-client';

import { isExecutionCancelled } from '../../../shared/cancellation';
import { asNodeError } from '../../../shared/node-errors';
import {
	describeFailure,
	getBaseUrl,
	getConnection,
	parseFailure,
	roughyApiRequestFull,
	roughyErrorCode,
} from '../../../shared/transport';
import { toNetworkError } from '../../../shared/transport/errors';
import { TusConnectionError, TusUrlRefusedError } from '../../../shared/transport/tus-http-stack';
import type { Asset } from '../../../shared/types';
import { BinaryEndedEarlyError, BinaryLongerThanDeclaredError } from './chunk-reader';
import { OffsetPastLengthError, UnconfirmedChunkError, UploadLengthMismatchError } from './tus-upload';
import type { AssetUploadJob } from './upload-job';

/** What to do after tus-js-client gave up on one attempt. */
export type NextStep =
	| { action: 'retry'; askedDelayMs: number; reason: string; rateLimited?: boolean }
	| { action: 'cancelled' }
	| { action: 'mediaRejected' }
	| { action: 'fail'; reason: string; description: string; code?: string; resumable: boolean };

/**
 * Reads why an attempt failed: a cancel, media Roughy would not take, a
 * failure worth another attempt (with the delay Roughy asked for), or one
 * that ends the upload, with what the user can do.
 */
export async function nextStepAfterFailure(
	context: IExecuteFunctions,
	job: AssetUploadJob,
	error: DetailedError,
	signal: AbortSignal | undefined,
): Promise<NextStep> {
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
