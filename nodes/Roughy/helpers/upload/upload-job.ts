import type { BinaryUploadInput } from './binary-input';

export interface AssetUploadJob {
	assetId: string;
	/** The asset's TUS URL (`upload_url` / `Location`). */
	uploadUrl: string;
	input: BinaryUploadInput;
	chunkSize: number;
	itemIndex: number;
}

/** Upload facts for the output item, next to the asset. */
export interface AssetUploadReport {
	bytes_sent: number;
	chunk_count: number;
	chunk_size: number;
	resumed_from_offset: number;
	retries: number;
}

/** The TUS protocol version every request of the upload declares. */
export const TUS_HEADERS = { 'Tus-Resumable': '1.0.0' };
