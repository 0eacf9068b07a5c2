import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Readable } from 'stream';

import { executionCancelled } from '../../shared/cancellation';
import { getCancelSignal, getConnection } from '../../shared/transport';
import { inBatches } from './batched-chunks';

export interface SignedDownload {
	/** The short-lived signed URL Roughy handed out (download_url). */
	url: string;
	fileName: string;
	mimeType?: string;
	itemIndex: number;
	/** e.g. "render 0198…", for errors. */
	subject: string;
	/** Reads the resource again for a fresh URL when the first one has expired. */
	refreshUrl: () => Promise<string | null>;
}

/** Signed URLs answer 401/403 once expired (S3-style); one fresh URL is worth a try. */
const EXPIRED_STATUSES = new Set([401, 403]);

/**
 * Streams a signed download into n8n's binary store. The request carries no
 * Roughy credential: signed storage URLs reject a second authorization, and
 * the API key must not travel to the storage host. The body is streamed, so a
 * multi-gigabyte render never sits in memory (in n8n's filesystem and S3
 * binary modes).
 */
export async function downloadSignedUrlAsBinary(
	context: IExecuteFunctions,
	download: SignedDownload,
): Promise<IBinaryData> {
	let url = download.url;
	const signal = getCancelSignal(context);
	// Idle timeout: a stalled storage host fails the attempt, a slow large download does not.
	const { timeoutMs } = await getConnection(context);
	for (let attempt = 0; attempt < 2; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await context.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				abortSignal: signal,
				timeout: timeoutMs,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			if (signal?.aborted) throw executionCancelled(context.getNode());
			// A dropped connection to storage changes nothing in Roughy: the same link is worth one more try.
			if (attempt === 0) continue;
			throw new NodeOperationError(
				context.getNode(),
				`Could not download the ${download.subject}: the connection to the storage server failed twice`,
				{
					itemIndex: download.itemIndex,
					description: `${(error as Error).message}. Nothing was changed in Roughy, so running the node again is safe. If it keeps failing, check n8n's network and proxy settings.`,
				},
			);
		}
		const body = response.body as Readable;
		if (response.statusCode < 300) {
			return await context.helpers.prepareBinaryData(inBatches(body), download.fileName, download.mimeType);
		}
		body?.destroy?.();
		if (attempt === 0 && EXPIRED_STATUSES.has(response.statusCode)) {
			const fresh = await download.refreshUrl();
			if (fresh) {
				url = fresh;
				continue;
			}
		}
		throw new NodeOperationError(
			context.getNode(),
			`Could not download the ${download.subject}: the storage server answered HTTP ${response.statusCode}`,
			{
				itemIndex: download.itemIndex,
				description: EXPIRED_STATUSES.has(response.statusCode)
					? 'The signed download link had expired and a fresh one failed too. Run the node again.'
					: 'Try again later. If it keeps failing, report it to Roughy support.',
			},
		);
	}
	throw new NodeOperationError(context.getNode(), `Could not download the ${download.subject}`, {
		itemIndex: download.itemIndex,
	});
}

/** The file name from a Content-Disposition header, if it has one. */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
	if (star) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
	const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
	return plain?.[1].trim();
}

/** A Content-Type header without its parameters, or undefined if it says nothing useful. */
export function usableMimeType(header: string | undefined): string | undefined {
	const type = header?.split(';')[0].trim().toLowerCase();
	if (!type || type === 'application/octet-stream' || type === 'binary/octet-stream') return undefined;
	return type;
}
