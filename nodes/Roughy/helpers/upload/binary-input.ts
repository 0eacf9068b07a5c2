import { BINARY_ENCODING, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { Readable } from 'stream';

import { MAX_UPLOAD_BYTES, MIN_UPLOAD_BYTES } from '../../../shared/types';
import { BinaryEndedEarlyError, BinaryLongerThanDeclaredError, type ChunkReader } from './chunk-reader';
import { FileChunkReader } from './file-chunk-reader';
import { describeNonMedia, SNIFF_BYTES, sniffMediaSignature, type MediaSignature } from './media-signature';
import { StreamChunkReader } from './stream-chunk-reader';
import { formatBytes } from './upload-progress';

/**
 * Read size asked of n8n's binary store. Only a hint (S3 and database
 * streams ignore it), kept small so the store's own read buffer adds little
 * to the two chunks the uploader holds.
 */
const STORE_READ_BYTES = 1024 * 1024;

const COMMON_FORMATS = 'MP4, MOV, M4A, MP3, AAC, WAV, OGG, FLAC, WebM, MKV or AVI';

/** An item's binary, checked and ready to stream: nothing has been sent to Roughy yet. */
export interface BinaryUploadInput {
	propertyName: string;
	fileName?: string;
	mimeType?: string;
	size: number;
	media: MediaSignature;
	/** Opens the binary at its first byte. */
	open: () => Promise<ChunkReader>;
	/** Already open at byte 0 (the head was only peeked), for the first pass. */
	reader: ChunkReader;
	/** `file`: read in place from n8n's filesystem store; `stream`: through n8n's binary stream. */
	readFrom: 'file' | 'stream';
}

function inputError(context: IExecuteFunctions, itemIndex: number, message: string, description: string) {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

function missingBinaryError(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	available: string[],
) {
	const description =
		available.length > 0
			? `This item has binary data in ${available.map((name) => `"${name}"`).join(', ')}. Set "Input Binary Field" to the field that holds the audio or video file.`
			: 'This item has no binary data at all. Put a node that outputs the file (for example Read/Write Files from Disk, or HTTP Request with the response format set to File) before this one.';
	return inputError(
		context,
		itemIndex,
		`Item ${itemIndex} has no binary field "${propertyName}"`,
		description,
	);
}

/**
 * Finds the item's binary and checks what can be checked before anything is
 * created or charged in Roughy: that it exists, that its size is within
 * Roughy's limits, and that its first bytes are audio or video. The bytes
 * decide, not the MIME type. Whatever n8n's binary data mode, the file is
 * read as a stream and never loaded whole.
 */
export async function prepareBinaryUpload(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<BinaryUploadInput> {
	const binaries = context.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[propertyName];
	if (!binary) throw missingBinaryError(context, itemIndex, propertyName, Object.keys(binaries));

	let size: number;
	let open: () => Promise<ChunkReader>;
	let fileName = binary.fileName;
	if (binary.id) {
		const id = binary.id;
		const metadata = await context.helpers.getBinaryMetadata(id);
		size = Number(metadata.fileSize);
		fileName = metadata.fileName ?? fileName;
		open = async () => new StreamChunkReader(await context.helpers.getBinaryStream(id, STORE_READ_BYTES));
	} else {
		// Items without an id keep their bytes inline as base64 (n8n's
		// "default" mode, and test harnesses): they are in memory already.
		const bytes = Buffer.from(binary.data, BINARY_ENCODING);
		size = bytes.length;
		open = async () => new StreamChunkReader(Readable.from([bytes]));
	}

	const where = `"${propertyName}"${fileName ? ` (${fileName})` : ''}`;
	if (!Number.isFinite(size)) {
		throw inputError(
			context,
			itemIndex,
			`n8n does not know the size of the file in ${where} of item ${itemIndex}`,
			'Roughy needs the exact size before the upload starts. Write the file to n8n again (for example with Read/Write Files from Disk) so n8n records its size.',
		);
	}
	if (size < MIN_UPLOAD_BYTES) {
		throw inputError(
			context,
			itemIndex,
			`The file in ${where} of item ${itemIndex} is too small to be audio or video (${size} bytes)`,
			`Roughy needs at least ${MIN_UPLOAD_BYTES} bytes. Check that the node before this one outputs the whole file, not an empty or partial one.`,
		);
	}
	if (size > MAX_UPLOAD_BYTES) {
		throw inputError(
			context,
			itemIndex,
			`The file in ${where} of item ${itemIndex} is too large for Roughy (${formatBytes(size)})`,
			'Roughy accepts files of up to 50 GiB. Split the recording, or compress it (for example re-encode the video at a lower bitrate) before uploading.',
		);
	}

	const path = binary.id ? filesystemPath(context, binary.id) : undefined;
	// A file that is not there (or not readable) is left to n8n's stream; one of another size is refused.
	const inPlace =
		path === undefined
			? undefined
			: await FileChunkReader.open(path, size).catch((error: unknown) => {
					const actual =
						error instanceof BinaryLongerThanDeclaredError
							? error.actual
							: error instanceof BinaryEndedEarlyError
								? error.received
								: undefined;
					if (actual === undefined) return undefined;
					throw inputError(
						context,
						itemIndex,
						`The file in ${where} of item ${itemIndex} has ${actual} bytes, but n8n recorded ${size}`,
						"n8n's record of the file does not match the file in its binary store, so it cannot be uploaded whole. Nothing was sent to Roughy. Check the node that produced the file, or write the file to n8n again (for example with Read/Write Files from Disk).",
					);
				});
	if (path !== undefined && inPlace) open = async () => await FileChunkReader.open(path, size);
	const readFrom: BinaryUploadInput['readFrom'] = inPlace ? 'file' : 'stream';

	const reader = inPlace ?? (await open());
	let head: Buffer;
	try {
		head = await reader.peek(Math.min(size, SNIFF_BYTES));
	} catch (error) {
		reader.destroy();
		throw new NodeOperationError(context.getNode(), `Could not read the file in ${where} of item ${itemIndex}`, {
			itemIndex,
			description: `n8n's binary data store failed to return it: ${(error as Error).message}. Check n8n's binary data storage, then run the workflow again.`,
		});
	}
	const media = sniffMediaSignature(head);
	if (!media) {
		reader.destroy();
		const looksLike = describeNonMedia(head);
		const declared = binary.mimeType ? ` Its MIME type says "${binary.mimeType}", but Roughy goes by the content, and so does this check.` : '';
		throw inputError(
			context,
			itemIndex,
			`The file in ${where} of item ${itemIndex} is not audio or video`,
			`Its first bytes ${looksLike ? `look like ${looksLike}` : 'match no audio or video format'}. Roughy needs an audio or video file, such as ${COMMON_FORMATS}.${declared} Check the node that produced the file.`,
		);
	}
	return { propertyName, fileName, mimeType: binary.mimeType, size, media, open, reader, readFrom };
}

/** Binary data ids in n8n's filesystem modes look like `filesystem-v2:<path in the store>`. */
const FILESYSTEM_MODES = new Set(['filesystem', 'filesystem-v2']);

/** Where n8n's filesystem store keeps this binary on disk; undefined for every other mode (S3, database). */
function filesystemPath(context: IExecuteFunctions, binaryDataId: string): string | undefined {
	const mode = binaryDataId.slice(0, binaryDataId.indexOf(':'));
	if (!FILESYSTEM_MODES.has(mode)) return undefined;
	try {
		return context.helpers.getBinaryPath(binaryDataId);
	} catch {
		return undefined;
	}
}
