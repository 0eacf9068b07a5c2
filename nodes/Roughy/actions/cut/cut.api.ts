import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { Readable } from 'stream';

import { roughyApiRequest, roughyApiRequestFull } from '../../../shared/transport';
import type { Cut } from '../../../shared/types';
import type { FileOutput } from '../../fields/file-output';
import { fileNameFromDisposition, usableMimeType } from '../../helpers/binary-download';

export async function readCut(context: IExecuteFunctions, id: string, itemIndex: number): Promise<Cut> {
	return await roughyApiRequest<Cut>(context, {
		method: 'GET',
		path: `/v1/cuts/${id}`,
		subject: `cut ${id}`,
		itemIndex,
	});
}

export interface CutFileRequest {
	cutId: string;
	path: string;
	qs: IDataObject;
	itemIndex: number;
	output: FileOutput;
	/** Used when neither the user nor Roughy names the file. */
	fallbackFileName: string;
	fallbackMimeType: string;
}

/**
 * Streams an export of a cut into n8n's binary store. Roughy may answer with
 * the file or with a redirect to a signed URL; the transport follows the
 * redirect and drops the API key when it leaves Roughy's host.
 */
export async function exportCutFile(context: IExecuteFunctions, request: CutFileRequest) {
	const response = await roughyApiRequestFull<Readable>(context, {
		method: 'GET',
		path: request.path,
		qs: request.qs,
		responseAs: 'stream',
		subject: `cut ${request.cutId}`,
		itemIndex: request.itemIndex,
	});
	if (response.statusCode >= 300) {
		response.body?.destroy?.();
		throw new NodeOperationError(
			context.getNode(),
			`Roughy answered the export of cut ${request.cutId} with HTTP ${response.statusCode} instead of a file`,
			{
				itemIndex: request.itemIndex,
				description: 'Try again. If it keeps happening, report it to Roughy support.',
			},
		);
	}
	const fileName =
		request.output.fileName ??
		fileNameFromDisposition(response.headers['content-disposition']) ??
		request.fallbackFileName;
	const mimeType = usableMimeType(response.headers['content-type']) ?? request.fallbackMimeType;
	return await context.helpers.prepareBinaryData(response.body, fileName, mimeType);
}
