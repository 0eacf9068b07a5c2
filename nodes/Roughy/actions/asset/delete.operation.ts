import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asNodeError } from '../../../shared/node-errors';
import { roughyApiRequest, roughyApiRequestAllItems, roughyErrorCode } from '../../../shared/transport';
import type { Cut, Render } from '../../../shared/types';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { cascadeCounts } from '../../helpers/cleanup/deletion-preview';
import { readAsset, withoutLinks } from './asset.api';

export const description: INodeProperties[] = [
	{
		displayName:
			'Deleting an asset also deletes all of its cuts, subtitles and renders, and the stored media. This cannot be undone, the credits it cost are not refunded, and uploading the file again is charged again. Turn on "Dry Run" to see what would be deleted first.',
		name: 'cascadeNotice',
		type: 'notice',
		default: '',
	},
	resourceLocator('asset'),
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only preview the deletion: nothing is deleted, and the output lists the asset with the cuts and renders that would be deleted with it (the subtitle count is an estimate: one per completed cut)',
	},
	{
		displayName: 'Treat Not Found as Success',
		name: 'treatNotFoundAsSuccess',
		type: 'boolean',
		default: false,
		description:
			'Whether an asset that does not exist (for example, already deleted) gives an item with "result" set to "not_found" instead of an error. Useful for cleanup workflows that may run twice.',
	},
];

type DeleteResult = 'deleted' | 'not_found' | 'would_delete';

function result(assetId: string, outcome: DeleteResult, details: IDataObject = {}): INodeExecutionData[] {
	return [{ json: { asset_id: assetId, result: outcome, ...details } }];
}

/** Everything a delete of this asset would remove, read without changing anything. */
async function previewDeletion(context: IExecuteFunctions, id: string, itemIndex: number) {
	const asset = await readAsset(context, id, itemIndex);
	const request = { qs: { asset_id: id }, subject: `asset ${id}`, itemIndex };
	const cuts = await roughyApiRequestAllItems<Cut>(
		context,
		{ ...request, path: '/v1/cuts' },
		{ returnAll: true },
	);
	const renders = await roughyApiRequestAllItems<Render>(
		context,
		{ ...request, path: '/v1/renders' },
		{ returnAll: true },
	);
	return {
		dry_run: true,
		asset: withoutLinks(asset),
		counts: cascadeCounts({ cuts, renders }),
		cuts: cuts.map((cut) => ({ ...cut })),
		renders: renders.map((render) => ({ ...render, output: { ...render.output } })),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'asset', itemIndex);
	const dryRun = this.getNodeParameter('dryRun', itemIndex, false) as boolean;
	const notFoundIsSuccess = this.getNodeParameter('treatNotFoundAsSuccess', itemIndex, false) as boolean;

	try {
		if (dryRun) return result(id, 'would_delete', await previewDeletion(this, id, itemIndex));
		await roughyApiRequest<undefined>(this, {
			method: 'DELETE',
			path: `/v1/assets/${id}`,
			subject: `asset ${id}`,
			itemIndex,
		});
	} catch (error) {
		// Only Roughy's own not_found counts: a bare 404 from a proxy or a wrong
		// host must not be reported as "already deleted".
		if (notFoundIsSuccess && roughyErrorCode(error) === 'not_found') {
			return result(id, 'not_found', dryRun ? { dry_run: true } : {});
		}
		throw asNodeError(this.getNode(), error);
	}
	return result(id, 'deleted');
}
