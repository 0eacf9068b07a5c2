import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { AssetDetail } from '../../../shared/types';
import { fileItem, fileOutputOptions, readFileOutput } from '../../fields/file-output';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { downloadSignedUrlAsBinary } from '../../helpers/binary-download';
import { readAsset, withoutLinks } from './asset.api';

export const description: INodeProperties[] = [
	resourceLocator('asset'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: fileOutputOptions(
			'interview.mp4',
			'the file is named after the asset ID and the extension Roughy detected, e.g. 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9.mp4',
		),
	},
];

/** Why an asset has no bytes to hand out, in terms of what the user can do. */
function noFileError(context: IExecuteFunctions, asset: AssetDetail, itemIndex: number) {
	const reasons: Record<string, { message: string; description: string }> = {
		pending_upload: {
			message: `Asset ${asset.id} has no file yet: its upload has not finished`,
			description:
				'Finish uploading the file first (Asset → Create), or download the asset once it is processing or ready.',
		},
		failed: {
			message: `Asset ${asset.id} has no file to download: Roughy could not process it`,
			description: `${asset.error_message ? `Roughy says: ${asset.error_message}. ` : ''}Nothing is stored for a failed asset. Upload the file again as a new asset.`,
		},
	};
	const reason = reasons[asset.state] ?? {
		message: `Roughy gave no download link for asset ${asset.id} (state "${asset.state}")`,
		description: 'Try again in a moment. If it keeps happening, report it to Roughy support.',
	};
	const error = new NodeOperationError(context.getNode(), reason.message, {
		itemIndex,
		description: reason.description,
	});
	error.context.entityId = asset.id;
	error.context.entityState = asset.state;
	return error;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'asset', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const output = readFileOutput(this, options, itemIndex);

	const asset = await readAsset(this, id, itemIndex);
	if (!asset.download_url) throw noFileError(this, asset, itemIndex);

	const binary = await downloadSignedUrlAsBinary(this, {
		url: asset.download_url,
		fileName: output.fileName ?? (asset.extension ? `${asset.id}.${asset.extension}` : asset.id),
		mimeType: asset.content_type ?? undefined,
		itemIndex,
		subject: `asset ${id}`,
		refreshUrl: async () => (await readAsset(this, id, itemIndex)).download_url,
	});

	return [fileItem(this, itemIndex, withoutLinks(asset), output, binary)];
}
