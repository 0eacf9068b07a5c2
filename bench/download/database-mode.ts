/**
 * n8n's `database` binary data mode (queue mode's default in n8n 2.x) for the
 * harness. The real manager lives in n8n's server package with its database;
 * this stand-in does what its store() does before the INSERT: the whole
 * stream through n8n's own binaryToBuffer (chunks collected, then one
 * Buffer.concat), then the N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE check
 * (default 512 MiB, at most 1024 MiB). The row is kept in a Map; the copy a
 * database driver makes of the INSERT's parameter is not modelled, so a real
 * n8n holds at least what this measures.
 */
import { BinaryDataConfig, BinaryDataService, FileTooLargeError } from 'n8n-core';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';

import { Container } from '@n8n/di';
import type { HarnessServices } from '../../test/harness/services';

const coreDir = path.dirname(require.resolve('n8n-core'));
// The copy n8n-core itself uses.
const { binaryToBuffer } = require(require.resolve('@n8n/backend-network', { paths: [coreDir] })) as {
	binaryToBuffer(body: Buffer | Readable): Promise<Buffer>;
};

type Manager = Parameters<BinaryDataService['setManager']>[1];

class DatabaseModeStandIn {
	readonly rows = new Map<string, { data: Buffer; fileName?: string; mimeType?: string }>();

	constructor(private readonly maxFileSizeMiB: number) {}

	async init() {}

	async store(_location: unknown, bufferOrStream: Buffer | Readable, metadata: { fileName?: string; mimeType?: string }) {
		const data = await binaryToBuffer(bufferOrStream);
		const fileId = randomUUID();
		const fileSizeMb = data.length / (1024 * 1024);
		if (fileSizeMb > this.maxFileSizeMiB) {
			throw new FileTooLargeError({ fileSizeMb, maxFileSizeMb: this.maxFileSizeMiB, fileId, fileName: metadata.fileName });
		}
		this.rows.set(fileId, { data, ...metadata });
		return { fileId, fileSize: data.length };
	}

	getPath(fileId: string) {
		return fileId;
	}

	async getAsBuffer(fileId: string) {
		const row = this.rows.get(fileId);
		if (!row) throw new Error(`No binary data row ${fileId}`);
		return row.data;
	}

	async getAsStream(fileId: string) {
		return Readable.from([await this.getAsBuffer(fileId)]);
	}

	async getMetadata(fileId: string) {
		const row = this.rows.get(fileId);
		return { fileName: row?.fileName, mimeType: row?.mimeType, fileSize: row?.data.length ?? 0 };
	}

	async deleteMany() {}

	async deleteManyByFileId(ids: string[]) {
		for (const id of ids) this.rows.delete(id);
	}
}

/** Makes every following harness run store binary data in `database` mode. */
export function useDatabaseBinaryMode(services: HarnessServices, maxFileSizeMiB: number) {
	const standIn = new DatabaseModeStandIn(maxFileSizeMiB);
	services.binaryData.setManager('database', standIn as unknown as Manager);
	const config = Container.get(BinaryDataConfig);
	services.useBinaryMode = async () => {
		config.mode = 'database';
		config.dbMaxFileSize = maxFileSizeMiB;
		await services.binaryData.init();
	};
	return standIn;
}
