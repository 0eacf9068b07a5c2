import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { abortableSleep } from '../../../shared/abortable-sleep';
import { executionCancelled } from '../../../shared/cancellation';
import { asNodeError } from '../../../shared/node-errors';
import {
	getCancelSignal,
	roughyApiRequest,
	roughyErrorCode,
	roughyRetryAfterSeconds,
} from '../../../shared/transport';
import { MAX_SCRIPT_LENGTH, type Cut } from '../../../shared/types';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { getWaitSettings, waitForCompletionFields, type WaitSettings } from '../../fields/wait';
import { waitUntilTerminal } from '../../helpers/wait-until-terminal';
import { readCut } from './cut.api';

const DEFAULT_TIMEOUT_MINUTES = 10;
/** Bounds on Roughy's Retry-After while an asset is still being prepared. */
const MIN_ASSET_RETRY_MS = 1_000;
const MAX_ASSET_RETRY_MS = 60_000;

export const description: INodeProperties[] = [
	resourceLocator('asset', { description: 'The audio or video asset to cut. It must be ready.' }),
	{
		displayName: 'Script',
		name: 'script',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: 'e.g. Today I want to show you three ways to…',
		description:
			'Optional reference text: the message the final video should carry. Roughy keeps the takes that match it. Up to 100,000 characters. Leave empty for a cut without a script.',
		hint: 'Roughy reuses cuts: the same asset with the same script returns the existing cut, a different script makes a new cut',
	},
	...waitForCompletionFields('cut', DEFAULT_TIMEOUT_MINUTES),
];

/** Characters as the API counts them (code points), not UTF-16 units. */
function scriptLength(script: string): number {
	return [...script].length;
}

function readScript(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const raw = context.getNodeParameter('script', itemIndex, '') as unknown;
	if (raw === null || raw === undefined) return undefined;
	const script = typeof raw === 'string' ? raw : String(raw);
	// Sent exactly as given otherwise: the script is part of Roughy's idempotency key.
	if (script.trim() === '') return undefined;
	const length = scriptLength(script);
	if (length > MAX_SCRIPT_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			`The script is too long: ${length.toLocaleString('en-US')} characters`,
			{
				itemIndex,
				description: `Roughy accepts scripts of up to ${MAX_SCRIPT_LENGTH.toLocaleString('en-US')} characters. Shorten it, or cut without a script. Nothing was sent to Roughy.`,
			},
		);
	}
	return script;
}

/** Roughy's Retry-After on an `asset_processing` error, in ms. */
function retryAfterMs(error: unknown): number | undefined {
	const seconds = roughyRetryAfterSeconds(error);
	return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * POST /v1/cuts. While the asset is still being prepared Roughy answers 409
 * `asset_processing` with Retry-After; when the user asked to wait, that is
 * part of the wait: sleep as told and ask again until the deadline. Repeating
 * is safe because the create is idempotent on (asset, script).
 */
async function createCut(
	context: IExecuteFunctions,
	body: IDataObject,
	itemIndex: number,
	wait: WaitSettings,
	deadline: number,
): Promise<Cut> {
	const assetId = body.asset_id as string;
	const signal = getCancelSignal(context);
	for (;;) {
		try {
			return await roughyApiRequest<Cut>(context, {
				method: 'POST',
				path: '/v1/cuts',
				body,
				idempotent: true,
				subject: `asset ${assetId}`,
				itemIndex,
			});
		} catch (error) {
			if (!wait.enabled || roughyErrorCode(error) !== 'asset_processing') {
				throw asNodeError(context.getNode(), error);
			}
			const remaining = deadline - Date.now();
			if (remaining <= 0) throw assetStillProcessing(context, assetId, itemIndex, wait);
			const asked = retryAfterMs(error) ?? wait.firstCheckMs;
			const delay = Math.min(remaining, Math.min(MAX_ASSET_RETRY_MS, Math.max(MIN_ASSET_RETRY_MS, asked)));
			context.logger.debug(`Roughy: asset ${assetId} is still being prepared, asking again in ${delay} ms`, {
				assetId,
			});
			try {
				await abortableSleep(delay, signal);
			} catch {
				throw executionCancelled(context.getNode());
			}
		}
	}
}

function assetStillProcessing(
	context: IExecuteFunctions,
	assetId: string,
	itemIndex: number,
	wait: WaitSettings,
): NodeOperationError {
	const minutes = Math.round(wait.timeoutMs / 60_000);
	const error = new NodeOperationError(
		context.getNode(),
		`Asset ${assetId} was still being prepared after ${minutes} minute${minutes === 1 ? '' : 's'}; no cut was created`,
		{
			itemIndex,
			description:
				'Roughy is still analysing the upload. Raise "Timeout (Minutes)", or start the cut from the Roughy Trigger\'s "Asset Ready" event instead of waiting.',
		},
	);
	error.context.roughyErrorCode = 'asset_processing';
	error.context.entityId = assetId;
	return error;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const assetId = getResourceId(this, 'asset', itemIndex);
	const script = readScript(this, itemIndex);
	const wait = getWaitSettings(this, itemIndex, DEFAULT_TIMEOUT_MINUTES);
	// One deadline covers waiting for the asset and waiting for the cut.
	const deadline = Date.now() + wait.timeoutMs;

	const body: IDataObject = { asset_id: assetId };
	if (script !== undefined) body.script = script;
	const cut = await createCut(this, body, itemIndex, wait, deadline);

	// An identical earlier request may hand back a cut that is already done.
	if (!wait.enabled || cut.state === 'completed') return [{ json: { ...cut } }];

	const finished = await waitUntilTerminal(this, {
		entity: 'cut',
		id: cut.id,
		itemIndex,
		settings: { ...wait, timeoutMs: Math.max(deadline - Date.now(), wait.firstCheckMs) },
		read: async () => await readCut(this, cut.id, itemIndex),
		done: ['completed'],
		failed: {
			failed: 'Roughy could not compute this cut. Check the asset, or create the cut again with a different script.',
		},
	});
	return [{ json: { ...finished } }];
}
