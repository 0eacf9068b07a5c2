import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { RenderDetail, RenderFormat } from '../../../shared/types';
import { fileItem, fileOutputOptions, readFileOutput } from '../../fields/file-output';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { downloadSignedUrlAsBinary } from '../../helpers/binary-download';
import { isCancelled, readRender } from './render.api';

const RENDER_MIME_TYPES: Record<RenderFormat, string> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	m4a: 'audio/mp4',
	mp3: 'audio/mpeg',
};

export const description: INodeProperties[] = [
	resourceLocator('render', { description: 'The completed render to download' }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: fileOutputOptions(
			'final-cut.mp4',
			'the file is named after the render ID and its format, e.g. 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9.mp4',
		),
	},
];

/** Why a render has no file, in terms of what the user can do. */
function notDownloadable(context: IExecuteFunctions, render: RenderDetail, itemIndex: number) {
	let message: string;
	let description: string;
	if (isCancelled(render)) {
		message = `Render ${render.id} was cancelled, so it has no file`;
		description = 'Create the render again to get a file.';
	} else if (render.state === 'failed') {
		const code = render.error_code ? ` (${render.error_code})` : '';
		message = `Render ${render.id} failed, so it has no file`;
		description = `${render.error_message ? `Roughy says: ${render.error_message}${code}\n` : ''}Check the asset and the output settings, then create the render again.`;
	} else if (render.state === 'completed') {
		message = `Roughy gave no download link for render ${render.id}`;
		description = 'Try again in a moment. If it keeps happening, report it to Roughy support.';
	} else {
		message = `Render ${render.id} is not finished yet (state "${render.state}")`;
		description =
			'Only completed renders can be downloaded. Turn on "Wait for Completion" when creating the render, or download it from the Roughy Trigger\'s "Render Completed" event.';
	}
	const error = new NodeOperationError(context.getNode(), message, { itemIndex, description });
	error.context.roughyErrorCode = render.error_code ?? null;
	error.context.entityId = render.id;
	error.context.entityState = render.state;
	return error;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'render', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	const output = readFileOutput(this, options, itemIndex);

	const render = await readRender(this, id, itemIndex);
	if (render.state !== 'completed' || !render.download_url) throw notDownloadable(this, render, itemIndex);

	const format = render.output?.format;
	const binary = await downloadSignedUrlAsBinary(this, {
		url: render.download_url,
		fileName: output.fileName ?? (format ? `${render.id}.${format}` : render.id),
		mimeType: format ? RENDER_MIME_TYPES[format] : undefined,
		itemIndex,
		subject: `render ${id}`,
		refreshUrl: async () => (await readRender(this, id, itemIndex)).download_url,
	});

	// The link is short-lived and grants access to the file: the file itself is the output.
	const json: IDataObject = { ...render, output: { ...render.output } };
	delete json.download_url;
	return [fileItem(this, itemIndex, json, output, binary)];
}
