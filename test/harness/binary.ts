import { lookup } from 'mime-types';
import type { BinaryDataService } from 'n8n-core';
import { BINARY_ENCODING, type IBinaryData, type INodeExecutionData } from 'n8n-workflow';
import { appendFile, link, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

import { getHarnessServices } from './services';

/**
 * A file a test wants on an input item. It is only a description until a run
 * stores it, because where the bytes go (base64 in the item, or n8n's
 * filesystem store with an id) depends on the run's binary mode.
 */
export type TestBinary =
	| {
			source: 'buffer';
			bytes: Buffer;
			fileName: string;
			mimeType: string;
			/**
			 * Bytes added to the stored file behind n8n's back (filesystem mode), so
			 * n8n's metadata records a smaller size than its store holds.
			 */
			appendAfterStoring?: Buffer;
	  }
	| {
			source: 'file';
			path: string;
			fileName: string;
			mimeType: string;
			/**
			 * After n8n stored its copy, the copy is replaced by a hard link to the
			 * file (same bytes, same size, so n8n's metadata still holds): the node
			 * then reads the very file, as cached as it was, that the benchmarks'
			 * other contenders read. Filesystem mode, same filesystem only.
			 */
			linkAfterStoring?: boolean;
	  };

export function binaryFromBuffer(bytes: Buffer, fileName: string, mimeType: string): TestBinary {
	return { source: 'buffer', bytes, fileName, mimeType };
}

/**
 * A file on disk. In filesystem mode it is streamed into n8n's store, never
 * held in memory, so benchmarks can use multi-gigabyte files; inline mode
 * reads it whole, as n8n would.
 */
export function binaryFromFile(filePath: string, fileName?: string, mimeType?: string, options: { linkAfterStoring?: boolean } = {}): TestBinary {
	const name = fileName ?? path.basename(filePath);
	return {
		source: 'file',
		path: filePath,
		fileName: name,
		mimeType: mimeType ?? (lookup(name) || 'application/octet-stream'),
		...options,
	};
}

export type BinaryLocation = Parameters<BinaryDataService['store']>[0];

/** Stores a test file the way n8n-core stores a node's binary output in the run's mode. */
export async function storeTestBinary(
	binaryData: BinaryDataService,
	location: BinaryLocation,
	binary: TestBinary,
): Promise<IBinaryData> {
	const extension = path.extname(binary.fileName).slice(1);
	const metadata: IBinaryData = {
		data: '',
		mimeType: binary.mimeType,
		fileName: binary.fileName,
		...(extension && { fileExtension: extension }),
	};
	if (binary.source === 'file') {
		const stored = await binaryData.copyBinaryFile(location, metadata, binary.path);
		if (binary.linkAfterStoring) {
			if (!stored.id) throw new Error('linkAfterStoring needs a binary mode that stores files (filesystem)');
			const storedPath = binaryData.getPath(stored.id);
			await unlink(storedPath);
			await link(binary.path, storedPath);
		}
		return stored;
	}
	const stored = await binaryData.store(location, binary.bytes, metadata);
	if (binary.appendAfterStoring) {
		if (!stored.id) throw new Error('appendAfterStoring needs a binary mode that stores files (filesystem)');
		await appendFile(binaryData.getPath(stored.id), binary.appendAfterStoring);
	}
	return stored;
}

function binaryOf(item: INodeExecutionData, property: string): IBinaryData {
	const binary = item.binary?.[property];
	if (!binary) {
		const available = Object.keys(item.binary ?? {});
		throw new Error(
			`The item has no binary property "${property}" (it has: ${available.join(', ') || 'none'})`,
		);
	}
	return binary;
}

/** The bytes of an output file, whether the item holds them inline or by id in the store. */
export async function readBinary(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const { binaryData } = await getHarnessServices();
	return await binaryData.getAsBuffer(binaryOf(item, property));
}

/** Like readBinary, as a stream, for outputs too large to hold in memory. */
export async function openBinaryStream(item: INodeExecutionData, property = 'data'): Promise<Readable> {
	const binary = binaryOf(item, property);
	if (!binary.id) return Readable.from([Buffer.from(binary.data, BINARY_ENCODING)]);
	const { binaryData } = await getHarnessServices();
	return await binaryData.getAsStream(binary.id);
}
