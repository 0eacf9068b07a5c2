import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from '../../../shared/node-errors';
import { roughyApiRequestFull, type RoughyResponse } from '../../../shared/transport';
import type { Asset } from '../../../shared/types';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { getWaitSettings, waitForCompletionFields } from '../../fields/wait';
import { prepareBinaryUpload, type BinaryUploadInput } from '../../helpers/upload/binary-input';
import { explainFailedCreate } from '../../helpers/upload/lost-create';
import { uploadAssetFromBinary } from '../../helpers/upload/upload-asset-from-binary';
import type { AssetUploadReport } from '../../helpers/upload/upload-job';
import { waitUntilTerminal } from '../../helpers/wait-until-terminal';
import { readAsset } from './asset.api';

const DEFAULT_WAIT_MINUTES = 30;
const MIB = 1024 * 1024;
// Each request has a fixed cost on both ends (n8n resolves the credential and opens a connection; the
// server sets up a PATCH): 32 MiB halves it against 16 MiB, for 64 MiB of buffers. BENCHMARKS.md, Upload.
const DEFAULT_CHUNK_MIB = 32;
const MAX_CHUNK_MIB = 256;

export const description: INodeProperties[] = [
	resourceLocator('project', { description: 'The project the new asset belongs to' }),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the audio or video file',
	},
	...waitForCompletionFields('asset', DEFAULT_WAIT_MINUTES),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Chunk Size (MiB)',
				name: 'chunkSizeMiB',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CHUNK_MIB },
				default: DEFAULT_CHUNK_MIB,
				description:
					'How much of the file each upload request carries. Larger chunks are faster on good connections; n8n keeps two chunks in memory, and after a dropped connection only the unconfirmed part of one chunk is sent again.',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. en',
				description:
					'The spoken language as a two-letter code (ISO 639-1). Leave empty to let Roughy detect it. It cannot be changed after the asset is created.',
			},
			{
				displayName: 'Resume Asset ID',
				name: 'resumeAssetId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9',
				description:
					'Finish the upload of an asset that is still "pending upload" (for example after a failed run) instead of creating a new asset. Use the same file: only the bytes Roughy is missing are sent.',
			},
		],
	},
];

interface CreateOptions {
	chunkSizeMiB?: number;
	language?: string;
	resumeAssetId?: string;
}

function readChunkSize(context: IExecuteFunctions, options: CreateOptions, itemIndex: number): number {
	const mib = Number(options.chunkSizeMiB ?? DEFAULT_CHUNK_MIB);
	if (!Number.isFinite(mib) || mib < 1 || mib > MAX_CHUNK_MIB) {
		throw new NodeOperationError(context.getNode(), `A chunk size of ${options.chunkSizeMiB} MiB is out of range`, {
			itemIndex,
			description: `Set "Chunk Size (MiB)" between 1 and ${MAX_CHUNK_MIB}, or remove the option to use ${DEFAULT_CHUNK_MIB}.`,
		});
	}
	return Math.round(mib * MIB);
}

function readLanguage(context: IExecuteFunctions, options: CreateOptions, itemIndex: number): string | undefined {
	const language = String(options.language ?? '').trim();
	if (language === '') return undefined;
	if (!/^[a-z]{2}$/i.test(language)) {
		throw new NodeOperationError(context.getNode(), `"${language}" is not a two-letter language code`, {
			itemIndex,
			description: 'Use an ISO 639-1 code such as en, de or fr, or leave "Language" empty to let Roughy detect it.',
		});
	}
	return language.toLowerCase();
}

interface UploadTarget {
	asset: Asset;
	uploadUrl?: string;
}

async function createAsset(
	context: IExecuteFunctions,
	projectId: string,
	input: BinaryUploadInput,
	language: string | undefined,
	itemIndex: number,
): Promise<UploadTarget> {
	const sentAt = new Date();
	let response: RoughyResponse<Asset> | undefined;
	let failure: unknown;
	try {
		// Never repeated by the transport: a second POST is a second asset.
		response = await roughyApiRequestFull<Asset>(context, {
			method: 'POST',
			path: '/v1/assets',
			body: { project_id: projectId, size_bytes: input.size, ...(language ? { language } : {}) },
			subject: `project ${projectId}`,
			itemIndex,
		});
	} catch (error) {
		failure = error;
	}
	if (!response) throw await explainFailedCreate(context, failure, { projectId, size: input.size, sentAt });
	const asset = response.body;
	return { asset, uploadUrl: asset.upload_url ?? response.headers.location };
}

/** The asset named in "Resume Asset ID", if its upload can be continued with this file. */
async function assetToResume(
	context: IExecuteFunctions,
	assetId: string,
	projectId: string,
	input: BinaryUploadInput,
	itemIndex: number,
): Promise<UploadTarget> {
	const asset = await readAsset(context, assetId, itemIndex);
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { itemIndex, description });
	if (asset.project_id !== projectId) {
		throw fail(
			`Asset ${assetId} belongs to another project`,
			`It is in project ${asset.project_id}. Choose that project, or check "Resume Asset ID".`,
		);
	}
	if (asset.state === 'failed') {
		throw fail(
			`Asset ${assetId} failed, so its upload cannot be resumed`,
			`${asset.error_message ? `Roughy says: ${asset.error_message}. ` : ''}Leave "Resume Asset ID" empty to upload the file as a new asset.`,
		);
	}
	if (asset.state !== 'pending_upload') {
		if (asset.size_bytes !== null && asset.size_bytes !== input.size) {
			throw fail(
				`Asset ${assetId} holds another file`,
				`Its upload finished with ${asset.size_bytes} bytes, but the file in "${input.propertyName}" has ${input.size}. Leave "Resume Asset ID" empty to upload it as a new asset.`,
			);
		}
		// Finished by an earlier run: nothing left to send.
		return { asset };
	}
	if (!asset.upload_url) {
		throw fail(
			`Roughy gave no upload address for asset ${assetId}`,
			'Try again in a moment. If it keeps happening, leave "Resume Asset ID" empty to upload the file as a new asset.',
		);
	}
	return { asset, uploadUrl: asset.upload_url };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const projectId = getResourceId(this, 'project', itemIndex);
	const propertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	if (propertyName === '') {
		throw new NodeOperationError(this.getNode(), 'No input binary field given', {
			itemIndex,
			description: 'Set "Input Binary Field" to the name of the field holding the file, usually data.',
		});
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as CreateOptions;
	const chunkSize = readChunkSize(this, options, itemIndex);
	const language = readLanguage(this, options, itemIndex);
	const resumeAssetId = String(options.resumeAssetId ?? '').trim()
		? getResourceId(this, 'asset', itemIndex, 'options.resumeAssetId')
		: undefined;
	const wait = getWaitSettings(this, itemIndex, DEFAULT_WAIT_MINUTES);

	// Every check that can fail runs before the asset exists: nothing is created or charged for a bad input.
	const input = await prepareBinaryUpload(this, itemIndex, propertyName);
	let target: UploadTarget;
	try {
		target = resumeAssetId
			? await assetToResume(this, resumeAssetId, projectId, input, itemIndex)
			: await createAsset(this, projectId, input, language, itemIndex);
	} catch (error) {
		input.reader.destroy();
		throw asNodeError(this.getNode(), error);
	}

	const assetId = target.asset.id;
	let upload: AssetUploadReport;
	if (target.uploadUrl) {
		upload = await uploadAssetFromBinary(this, { assetId, uploadUrl: target.uploadUrl, input, chunkSize, itemIndex });
	} else {
		input.reader.destroy();
		upload = { bytes_sent: 0, chunk_count: 0, chunk_size: chunkSize, resumed_from_offset: input.size, retries: 0 };
	}

	let asset = await readAsset(this, assetId, itemIndex);
	if (wait.enabled && asset.state !== 'ready') {
		asset = await waitUntilTerminal(this, {
			entity: 'asset',
			id: assetId,
			itemIndex,
			settings: wait,
			read: async () => await readAsset(this, assetId, itemIndex),
			done: ['ready'],
			failed: {
				failed: 'Roughy could not process the file, and did not charge for it. Check that the file plays, then upload it again as a new asset.',
				pending_payment:
					'The file was processed, but the credit balance did not cover it. Top up credits in the Roughy dashboard: the asset becomes ready by itself (oldest first), with no new upload.',
			},
		});
	}
	return [{ json: { ...asset, upload: { ...upload } } }];
}
