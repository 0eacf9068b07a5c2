import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { roughyApiRequest } from '../../../shared/transport';
import type { AssetDetail } from '../../../shared/types';

/** The asset detail (state, cuttable, a fresh download_url). */
export async function readAsset(
	context: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<AssetDetail> {
	return await roughyApiRequest<AssetDetail>(context, {
		method: 'GET',
		path: `/v1/assets/${id}`,
		subject: `asset ${id}`,
		itemIndex,
	});
}

/**
 * The asset without its short-lived links, for outputs that are a record
 * rather than a way to fetch the bytes: the links grant access to the media.
 */
export function withoutLinks(asset: AssetDetail): IDataObject {
	const copy: IDataObject = { ...asset };
	delete copy.download_url;
	delete copy.upload_url;
	return copy;
}
