import { NodeApiError, type IExecuteFunctions } from 'n8n-workflow';

import { asNodeError } from '../../../shared/node-errors';
import { isNetworkError, roughyApiRequest, roughyApiRequestFull, roughyStatus } from '../../../shared/transport';
import type { AssetDetail, AssetSummary, Page } from '../../../shared/types';
import { formatBytes } from './upload-progress';

/**
 * Network failures after which Roughy may have received the request: the
 * connection dropped or timed out with the request out. A refused connection
 * or an unknown host means it never left n8n.
 */
const NOT_SENT_NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Clocks of n8n and Roughy may disagree; an asset created this long before the request still counts. */
const CLOCK_SKEW_MS = 10 * 60_000;

/** The newest pending assets looked at; a lost answer concerns one asset made moments ago. */
const CANDIDATES_CHECKED = 5;

/**
 * Whether Roughy may have created the asset although the create request
 * failed: no answer came back, or a 5xx came from Roughy or a gateway in
 * front of it after the request reached it. A 4xx or 429 means nothing was
 * created.
 */
function mayHaveCreated(error: unknown): boolean {
	if (isNetworkError(error)) {
		const reason = (error as { context?: { networkError?: string } }).context?.networkError;
		return !NOT_SENT_NETWORK_ERRORS.has(reason ?? '');
	}
	const status = roughyStatus(error);
	return status !== undefined && status >= 500;
}

export interface LostCreate {
	projectId: string;
	size: number;
	/** When the create request was sent (n8n's clock). */
	sentAt: Date;
}

/**
 * After a create whose answer was lost: the project's assets that this
 * request may have made. An asset qualifies while it waits for its upload,
 * was created around the time of the request, expects exactly this many
 * bytes and has none of them yet. (While pending, Roughy lists assets
 * without their size; the upload's HEAD gives it.)
 */
async function findAssetsFromLostCreate(context: IExecuteFunctions, lost: LostCreate): Promise<AssetSummary[]> {
	const page = await roughyApiRequest<Page<AssetSummary>>(context, {
		method: 'GET',
		path: '/v1/assets',
		qs: { project_id: lost.projectId, state: 'pending_upload', limit: 20 },
		retries: 'quick',
	});
	const since = lost.sentAt.getTime() - CLOCK_SKEW_MS;
	const recent = page.items.filter((asset) => Date.parse(asset.created_at) >= since).slice(0, CANDIDATES_CHECKED);
	const matches: AssetSummary[] = [];
	for (const asset of recent) {
		if (await expectsThisFile(context, asset.id, lost.size)) matches.push(asset);
	}
	return matches;
}

async function expectsThisFile(context: IExecuteFunctions, assetId: string, size: number): Promise<boolean> {
	const detail = await roughyApiRequest<AssetDetail>(context, {
		method: 'GET',
		path: `/v1/assets/${assetId}`,
		retries: 'quick',
	});
	if (detail.state !== 'pending_upload' || !detail.upload_url) return false;
	const { headers } = await roughyApiRequestFull<unknown>(context, {
		method: 'HEAD',
		path: detail.upload_url,
		headers: { 'Tus-Resumable': '1.0.0' },
		responseAs: 'buffer',
		retries: 'quick',
	});
	return Number(headers['upload-length']) === size && Number(headers['upload-offset']) === 0;
}

/**
 * The error for a failed asset create. When Roughy may have created the
 * asset anyway, it says whether it did and how to upload into it, so the
 * next run neither loses track of it nor has to guess.
 */
export async function explainFailedCreate(context: IExecuteFunctions, error: unknown, lost: LostCreate): Promise<Error> {
	if (!(error instanceof NodeApiError) || !mayHaveCreated(error)) return asNodeError(context.getNode(), error);
	const found = await findAssetsFromLostCreate(context, lost).catch(() => undefined);
	const advice = lostCreateAdvice(lost, found);
	// A network error's own advice ("try again later") is replaced; a 5xx keeps what Roughy said.
	error.description = isNetworkError(error) ? advice : [error.description, advice].filter(Boolean).join('\n');
	return error;
}

/** What the user should do after a lost create answer, given what the lookup found (undefined: it failed too). */
function lostCreateAdvice(lost: LostCreate, found: AssetSummary[] | undefined): string {
	const notCharged = 'An asset whose upload never finishes is not charged.';
	if (found === undefined) {
		return `Roughy may have created the asset before the answer was lost, and looking for it failed as well. In project ${lost.projectId}, look for an asset in "pending upload" created around ${lost.sentAt.toISOString()}: set "Resume Asset ID" to its ID and run again to upload into it, or run again as it is to create a new one. ${notCharged}`;
	}
	if (found.length === 0) {
		return `Roughy has no new asset for this file in project ${lost.projectId}, so running the node again will not leave a second one behind.`;
	}
	const size = formatBytes(lost.size);
	const listed = found.map((asset) => `${asset.id} (created ${asset.created_at})`).join(', ');
	const which = found.length === 1 ? `Asset ${listed} expects` : `Assets ${listed} expect`;
	return `Roughy created the asset before the answer was lost. ${which} this ${size} file and nothing has been uploaded yet: set "Resume Asset ID" to ${found.length === 1 ? 'that ID' : 'one of them'} and run again to upload into it. ${notCharged}`;
}
