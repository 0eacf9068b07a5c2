import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { executionCancelled } from '../../../shared/cancellation';
import { asNodeError } from '../../../shared/node-errors';
import { roughyApiRequestFull, roughyErrorCode, roughyStatus } from '../../../shared/transport';
import { withoutCancelSignal } from '../../../shared/transport/tus-http-stack';
import type { Asset } from '../../../shared/types';
import { TUS_HEADERS, type AssetUploadJob } from './upload-job';
import { formatBytes } from './upload-progress';

/**
 * tus-js-client calls an upload done as soon as one answer says the offset
 * reached the length: the word of a single answer. The node reports it done
 * only when this run read the file to its declared end (and saw it end
 * there), and a fresh HEAD says Roughy holds exactly that many bytes.
 */
export async function confirmUploadComplete(context: IExecuteFunctions, job: AssetUploadJob, fileReadToEnd: boolean) {
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

/** Removes the asset with the REST call (works in any state); a missing asset is fine. */
export async function removeAsset(context: IExecuteFunctions, assetId: string): Promise<boolean> {
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
export async function cancelUpload(context: IExecuteFunctions, job: AssetUploadJob) {
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

export async function rejectMedia(context: IExecuteFunctions, job: AssetUploadJob) {
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

export function uploadFailed(
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
