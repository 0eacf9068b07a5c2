import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isExecutionCancelled } from '../../../shared/cancellation';
import { asNodeError } from '../../../shared/node-errors';
import { getCancelSignal, roughyApiRequestFull, roughyErrorCode, toNodeApiError } from '../../../shared/transport';
import { findCascades, prepareAssetLookup } from './deletion-preview';
import { skippedForStop, stopsTheRun, type AssetOutcome, type StopReason } from './outcomes';
import { RateLimitPacer } from './rate-limit-pacer';
import type { CleanupTarget } from './targets';
import { describeWorkInProgress, findWorkInProgress, type WorkInProgress } from './work-in-progress';

export interface CleanupSettings {
	dryRun: boolean;
	maxDeletions: number;
	skipWorkInProgress: boolean;
	notFoundIsSuccess: boolean;
	continueOnFail: boolean;
	/** Reads one asset for a dry run (a GET), without its short-lived links. */
	readAsset: (assetId: string, itemIndex: number) => Promise<IDataObject>;
}

export interface CleanupReport {
	/** One outcome per target, in target order. */
	outcomes: Map<string, AssetOutcome>;
	stopReason?: StopReason;
}

const PROGRESS_EVERY = 100;

function notFound(context: IExecuteFunctions, target: CleanupTarget) {
	return toNodeApiError(
		context.getNode(),
		{ status: 404, code: 'not_found' },
		{ subject: `asset ${target.assetId}`, itemIndex: target.itemIndices[0] },
	);
}

/**
 * Walks the targets one after another, real or dry. Each target ends with
 * exactly one outcome; a target is only ever touched by the DELETE of its
 * own id.
 */
class CleanupRun {
	readonly outcomes = new Map<string, AssetOutcome>();

	stopReason?: StopReason;

	private counted = 0;

	constructor(
		private readonly context: IExecuteFunctions,
		readonly settings: CleanupSettings,
		private readonly total: number,
	) {}

	get stopped() {
		return this.stopReason !== undefined;
	}

	get deletions() {
		return this.counted;
	}

	record(target: CleanupTarget, outcome: AssetOutcome) {
		this.outcomes.set(target.assetId, outcome);
		if (outcome.result === 'deleted' || outcome.result === 'would_delete') this.counted++;
		if (this.outcomes.size % PROGRESS_EVERY === 0) {
			this.context.logger.info(
				`Roughy: cleanup at ${this.outcomes.size} of ${this.total} assets, ${this.counted} ${this.settings.dryRun ? 'would be ' : ''}deleted`,
			);
		}
	}

	stop(reason: StopReason, target: CleanupTarget, outcome?: AssetOutcome) {
		this.stopReason = reason;
		this.record(target, outcome ?? skippedForStop(reason));
	}

	/** A failed request for one target: reported as an item with "Continue", otherwise the node fails. */
	fail(target: CleanupTarget, error: unknown) {
		if (!this.settings.continueOnFail) throw this.withProgress(target, error);
		if (stopsTheRun(error)) this.stop('error', target, { result: 'error', error });
		else this.record(target, { result: 'error', error });
	}

	/** The node error, saying how far the run got, so a failed run is no surprise. */
	private withProgress(target: CleanupTarget, error: unknown) {
		const nodeError = asNodeError(this.context.getNode(), error);
		nodeError.context.itemIndex = target.itemIndices[0];
		if (!this.settings.dryRun) {
			const progress =
				this.counted === 0
					? 'No asset was deleted in this run before the error.'
					: `${this.counted} of ${this.total} assets were deleted in this run before the error. Run it again to carry on: assets already gone come back as "not_found".`;
			nodeError.description = [nodeError.description, progress].filter(Boolean).join('\n');
		}
		return nodeError;
	}
}

async function deleteInTurn(context: IExecuteFunctions, run: CleanupRun, targets: CleanupTarget[]) {
	const { maxDeletions, notFoundIsSuccess } = run.settings;
	const signal = getCancelSignal(context);
	const pacer = new RateLimitPacer();
	for (const target of targets) {
		if (run.stopped) {
			run.record(target, skippedForStop(run.stopReason!));
			continue;
		}
		if (run.deletions >= maxDeletions) {
			run.stop('max_deletions', target);
			continue;
		}
		try {
			await pacer.beforeNextRequest(signal);
		} catch {
			run.stop('cancelled', target);
			continue;
		}
		try {
			const response = await roughyApiRequestFull<undefined>(context, {
				method: 'DELETE',
				path: `/v1/assets/${target.assetId}`,
				subject: `asset ${target.assetId}`,
				itemIndex: target.itemIndices[0],
			});
			pacer.observe(response.headers);
			run.record(target, { result: 'deleted' });
		} catch (error) {
			pacer.assumeSpent();
			if (isExecutionCancelled(error)) {
				run.stop(
					'cancelled',
					target,
					skippedForStop(
						'cancelled',
						'The execution was stopped while this asset was being deleted, so it may already be gone. Run the workflow again to finish.',
					),
				);
			} else if (notFoundIsSuccess && roughyErrorCode(error) === 'not_found') {
				// Only Roughy's own not_found counts: a bare 404 from a proxy is an error.
				run.record(target, { result: 'not_found' });
			} else {
				run.fail(target, error);
			}
		}
	}
}

/** What a real run would do, read without changing anything. Stopping the execution ends it with an error. */
async function previewInTurn(context: IExecuteFunctions, run: CleanupRun, targets: CleanupTarget[]) {
	const { maxDeletions, notFoundIsSuccess, readAsset } = run.settings;
	const firstItem = new Map(targets.map((target) => [target.assetId, target.itemIndices[0]]));
	const lookUp = await prepareAssetLookup(
		context,
		Math.min(maxDeletions, targets.length),
		async (assetId) => await readAsset(assetId, firstItem.get(assetId) ?? 0),
	);
	const found = new Map<string, IDataObject>();
	for (const target of targets) {
		if (run.stopped) {
			run.record(target, skippedForStop(run.stopReason!));
			continue;
		}
		if (run.deletions >= maxDeletions) {
			run.stop('max_deletions', target);
			continue;
		}
		let asset: IDataObject | undefined;
		try {
			asset = await lookUp(target.assetId);
		} catch (error) {
			if (isExecutionCancelled(error)) throw asNodeError(context.getNode(), error);
			run.fail(target, error);
			continue;
		}
		if (asset) {
			found.set(target.assetId, asset);
			// Counted now so the cap applies; the cascade is filled in below.
			run.record(target, { result: 'would_delete', asset, cascade: { cuts: [], renders: [] } });
		} else if (notFoundIsSuccess) {
			run.record(target, { result: 'not_found' });
		} else {
			run.fail(target, notFound(context, target));
		}
	}
	const cascades = await findCascades(context, [...found.keys()]);
	for (const [assetId, asset] of found) {
		run.outcomes.set(assetId, { result: 'would_delete', asset, cascade: cascades.get(assetId)! });
	}
}

/**
 * Deletes (or, in a dry run, previews) the targets in input order, skipping
 * those with unfinished cuts or renders and stopping at the deletion cap, on
 * a cancel, or after an error that would hit every asset.
 */
export async function runCleanup(
	context: IExecuteFunctions,
	targets: CleanupTarget[],
	settings: CleanupSettings,
): Promise<CleanupReport> {
	const run = new CleanupRun(context, settings, targets.length);
	if (targets.length === 0) return { outcomes: run.outcomes };
	const work = settings.skipWorkInProgress
		? await findWorkInProgress(context)
		: new Map<string, WorkInProgress>();
	const candidates: CleanupTarget[] = [];
	for (const target of targets) {
		const busy = work.get(target.assetId);
		if (busy) {
			run.record(target, {
				result: 'skipped',
				reason: 'work_in_progress',
				message: `Not deleted: ${describeWorkInProgress(busy)}. A later run will pick the asset up once that work has finished.`,
				work: busy,
			});
		} else {
			candidates.push(target);
		}
	}
	if (settings.dryRun) await previewInTurn(context, run, candidates);
	else await deleteInTurn(context, run, candidates);

	const outcomes = new Map(targets.map((target) => [target.assetId, run.outcomes.get(target.assetId)!]));
	return { outcomes, stopReason: run.stopReason };
}
