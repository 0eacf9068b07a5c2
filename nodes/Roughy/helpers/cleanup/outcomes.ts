import type { IDataObject } from 'n8n-workflow';

import { isNetworkError, roughyErrorCode, roughyStatus } from '../../../shared/transport';
import { cascadeCounts, type Cascade } from './deletion-preview';
import type { WorkInProgress } from './work-in-progress';

export type SkipReason =
	| 'work_in_progress'
	| 'max_deletions_reached'
	| 'execution_cancelled'
	| 'stopped_after_error';

/** Why a run stopped before reaching the last asset. */
export type StopReason = 'max_deletions' | 'cancelled' | 'error';

export type AssetOutcome =
	| { result: 'deleted' }
	| { result: 'would_delete'; asset: IDataObject; cascade: Cascade }
	| { result: 'not_found' }
	| { result: 'skipped'; reason: SkipReason; message: string; work?: WorkInProgress }
	| { result: 'error'; error: unknown };

export const SKIP_FOR_STOP: Record<StopReason, { reason: SkipReason; message: string }> = {
	max_deletions: {
		reason: 'max_deletions_reached',
		message: 'Not deleted: the run reached "Max Deletions per Run". A later run will pick it up.',
	},
	cancelled: {
		reason: 'execution_cancelled',
		message: 'Not deleted: the execution was stopped first.',
	},
	error: {
		reason: 'stopped_after_error',
		message: 'Not deleted: the run stopped after an error that would affect every asset.',
	},
};

export function skippedForStop(stop: StopReason, message?: string): AssetOutcome {
	return { result: 'skipped', ...SKIP_FOR_STOP[stop], ...(message && { message }) };
}

/**
 * Errors that are not about one asset: the key, the account, the network, or
 * Roughy itself. Carrying on would only repeat them for every asset, so the
 * run stops; anything else (a 409 or 422 about this asset) is reported and
 * the next asset is tried.
 */
export function stopsTheRun(error: unknown): boolean {
	if (isNetworkError(error)) return true;
	const status = roughyStatus(error);
	return status === undefined || [401, 403, 423, 429].includes(status) || status >= 500;
}

/** Roughy's side of a transport error: its code, its own message, status and request id. */
function describeError(error: unknown): IDataObject {
	const failure = ((error as { errorResponse?: unknown })?.errorResponse ?? {}) as {
		roughyMessage?: unknown;
		requestId?: unknown;
	};
	const json: IDataObject = {
		error: (error as Error)?.message ?? String(error),
		code: roughyErrorCode(error) ?? null,
	};
	if (typeof failure.roughyMessage === 'string') json.roughy_message = failure.roughyMessage;
	const status = roughyStatus(error);
	if (status !== undefined) json.http_status = status;
	if (typeof failure.requestId === 'string') json.request_id = failure.requestId;
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string') json.description = description;
	return json;
}

/** The output item's JSON for one asset. */
export function outcomeJson(assetId: string, outcome: AssetOutcome, dryRun: boolean): IDataObject {
	const base: IDataObject = { asset_id: assetId, result: outcome.result };
	if (dryRun) base.dry_run = true;
	switch (outcome.result) {
		case 'would_delete':
			return {
				...base,
				asset: outcome.asset,
				counts: cascadeCounts(outcome.cascade),
				cuts: outcome.cascade.cuts.map((cut) => ({ ...cut })),
				renders: outcome.cascade.renders.map((render) => ({ ...render, output: { ...render.output } })),
			};
		case 'skipped':
			return {
				...base,
				reason: outcome.reason,
				message: outcome.message,
				...(outcome.work && {
					in_progress: {
						cuts: outcome.work.cuts.map((cut) => ({ id: cut.id, state: cut.state })),
						renders: outcome.work.renders.map((render) => ({ id: render.id, state: render.state })),
					},
				}),
			};
		case 'error':
			return { ...base, ...describeError(outcome.error) };
		default:
			return base;
	}
}

export interface SummaryInput {
	dryRun: boolean;
	inputItems: number;
	outcomes: AssetOutcome[];
	/** Error items that are not about one asset: unusable IDs, a failed lookup before the first deletion. */
	otherErrors: number;
	maxDeletions: number;
	stopReason?: StopReason;
}

/** The last output item: what the run did, in numbers. */
export function summaryJson(input: SummaryInput): IDataObject {
	const counts = { deleted: 0, would_delete: 0, not_found: 0, skipped: 0, error: input.otherErrors };
	const skippedBy: Record<string, number> = {};
	const cascade = { cuts: 0, renders: 0, subtitles_estimated: 0 };
	for (const outcome of input.outcomes) {
		counts[outcome.result]++;
		if (outcome.result === 'skipped') skippedBy[outcome.reason] = (skippedBy[outcome.reason] ?? 0) + 1;
		if (outcome.result === 'would_delete') {
			const each = cascadeCounts(outcome.cascade);
			cascade.cuts += each.cuts;
			cascade.renders += each.renders;
			cascade.subtitles_estimated += each.subtitles_estimated;
		}
	}
	const stopped = new Set(Object.values(SKIP_FOR_STOP).map((skip) => skip.reason));
	const remaining = input.outcomes.filter(
		(outcome) => outcome.result === 'skipped' && stopped.has(outcome.reason),
	).length;
	const json: IDataObject = {
		result: 'summary',
		dry_run: input.dryRun,
		input_items: input.inputItems,
		assets: input.outcomes.length,
		counts,
		skipped_by_reason: skippedBy,
		max_deletions: input.maxDeletions,
		stopped_early: remaining > 0,
		remaining,
	};
	if (remaining > 0 && input.stopReason) json.stop_reason = input.stopReason;
	if (input.dryRun) json.cascade = cascade;
	return json;
}
