import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IPairedItemData,
} from 'n8n-workflow';

import { isExecutionCancelled } from '../../../shared/cancellation';
import { asNodeError } from '../../../shared/node-errors';
import { outcomeJson, skippedForStop, summaryJson, type AssetOutcome } from '../../helpers/cleanup/outcomes';
import { runCleanup, type CleanupReport } from '../../helpers/cleanup/run-cleanup';
import { collectCleanupTargets } from '../../helpers/cleanup/targets';
import { readAsset, withoutLinks } from './asset.api';

export const description: INodeProperties[] = [
	{
		displayName:
			'Deletes every asset named by the input items, one after another, together with its cuts, subtitles, renders and stored media. This cannot be undone, and credits are not refunded (uploading a file again is charged again): keep "Dry Run" on until the preview shows what you expect. The output has one item per asset ("result": deleted, not_found, skipped or error) and a last item with "result": summary.',
		name: 'deleteManyNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Asset ID',
		name: 'assetIdToDelete',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		placeholder: 'e.g. 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9',
		description:
			'The ID of the asset to delete, read from each input item. The default fits the output of "Get Many". An asset named by several items is deleted once.',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description:
			'Whether to only preview: nothing is deleted, and each asset that would go is listed with the cuts, renders and subtitles that would go with it (subtitles are estimated: one per completed cut). Turn off to delete.',
	},
	{
		displayName: 'Max Deletions per Run',
		name: 'maxDeletions',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		description:
			'Stop after deleting this many assets. The rest are reported as skipped, and the summary says how many remain for the next run.',
	},
	{
		displayName: 'Skip Assets With Cuts or Renders in Progress',
		name: 'skipWorkInProgress',
		type: 'boolean',
		default: true,
		description:
			'Whether to leave alone assets that have a cut or render still pending or processing, so no running job is cut short. They are reported as skipped, with the reason.',
	},
	{
		displayName: 'Treat Not Found as Success',
		name: 'treatNotFoundAsSuccess',
		type: 'boolean',
		default: true,
		description:
			'Whether an asset that no longer exists (for example, deleted by an earlier run) gives a "not_found" result instead of an error',
	},
];

function pairedWith(itemIndices: number[]): IPairedItemData | IPairedItemData[] {
	return itemIndices.length === 1 ? { item: itemIndices[0] } : itemIndices.map((item) => ({ item }));
}

function readSettings(context: IExecuteFunctions) {
	const maxDeletions = Number(context.getNodeParameter('maxDeletions', 0, 100));
	if (!Number.isInteger(maxDeletions) || maxDeletions < 1) {
		throw new NodeOperationError(context.getNode(), `Max deletions of ${maxDeletions} is not usable`, {
			description: 'Set "Max Deletions per Run" to a whole number of 1 or more.',
		});
	}
	return {
		dryRun: context.getNodeParameter('dryRun', 0, true) as boolean,
		maxDeletions,
		skipWorkInProgress: context.getNodeParameter('skipWorkInProgress', 0, true) as boolean,
		notFoundIsSuccess: context.getNodeParameter('treatNotFoundAsSuccess', 0, true) as boolean,
		continueOnFail: context.continueOnFail(),
		readAsset: async (assetId: string, itemIndex: number) =>
			withoutLinks(await readAsset(context, assetId, itemIndex)),
	};
}

/**
 * One result item per asset (in input order, paired with every item that
 * named it), then a summary item paired with all inputs. The settings are
 * read once, from the first item: a cleanup run is one decision.
 */
export async function executeForAllItems(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const inputCount = this.getInputData().length;
	const allInputs = Array.from({ length: inputCount }, (_, item) => ({ item }));
	const settings = readSettings(this);
	const { targets, unusable } = collectCleanupTargets(this, inputCount, 'assetIdToDelete');
	if (unusable.length > 0 && !settings.continueOnFail) throw unusable[0].error;

	const results: Array<{ firstItem: number; item: INodeExecutionData }> = [];
	let report: CleanupReport;
	try {
		report = await runCleanup(this, targets, settings);
	} catch (error) {
		// Looking up unfinished work (or, in a dry run, the cascade) failed before anything was deleted.
		if (isExecutionCancelled(error) || !settings.continueOnFail) throw asNodeError(this.getNode(), error);
		const failure = outcomeJson('', { result: 'error', error }, settings.dryRun);
		delete failure.asset_id;
		results.push({ firstItem: -1, item: { json: failure, pairedItem: allInputs } });
		report = {
			outcomes: new Map(targets.map((target) => [target.assetId, skippedForStop('error')])),
			stopReason: 'error',
		};
	}

	for (const target of targets) {
		const outcome = report.outcomes.get(target.assetId) as AssetOutcome;
		results.push({
			firstItem: target.itemIndices[0],
			item: { json: outcomeJson(target.assetId, outcome, settings.dryRun), pairedItem: pairedWith(target.itemIndices) },
		});
	}
	for (const { itemIndex, error } of unusable) {
		const json = { ...outcomeJson('', { result: 'error', error }, settings.dryRun), asset_id: null };
		results.push({ firstItem: itemIndex, item: { json, pairedItem: { item: itemIndex } } });
	}
	results.sort((a, b) => a.firstItem - b.firstItem);
	const summary = summaryJson({
		dryRun: settings.dryRun,
		inputItems: inputCount,
		outcomes: [...report.outcomes.values()],
		otherErrors: results.length - targets.length,
		maxDeletions: settings.maxDeletions,
		stopReason: report.stopReason,
	});
	this.logger.info(`Roughy: cleanup finished: ${JSON.stringify(summary.counts)}`, { dryRun: settings.dryRun });
	return [...results.map(({ item }) => item), { json: summary, pairedItem: allInputs }];
}
