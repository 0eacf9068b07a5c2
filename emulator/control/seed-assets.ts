import { writeFileSync } from 'node:fs';

import { BYTES_PER_SECOND } from '../billing';
import { normalizeTimestamp } from '../clock';
import type { EmulatorCore } from '../core';
import { uuidv7 } from '../ids';
import { scheduleProcessing } from '../lifecycle/assets';
import type { AssetRecord, AssetState, MediaKind } from '../model';
import { sniffMedia } from '../uploads/media-sniff';
import { mediaHeader } from '../media/sample-bytes';

export interface SeedAssetInput {
	/** Owning project; default: a new project. */
	project_id?: string;
	state?: AssetState;
	created_at?: string;
	/** Container, e.g. 'mp3' (default) or 'mp4'; ignored when `bytes` is given. */
	format?: string;
	/** Stored size; default: one minute of the format (1 credit). */
	size_bytes?: number;
	/** Real bytes to store (their format is sniffed); otherwise deterministic sample bytes are served. */
	bytes?: Buffer;
	duration_seconds?: string;
	language?: string | null;
	error_code?: string | null;
	error_message?: string | null;
}

function mediaFor(format: string): MediaKind {
	const media = sniffMedia(Buffer.concat([mediaHeader(format), Buffer.alloc(64)]));
	if (!media) throw new Error(`seedAsset: unknown format ${format}`);
	return media;
}

/**
 * An asset placed directly in a state, as if it had been uploaded earlier.
 * Seeding never touches the ledger. A `processing` asset carries on like a
 * real one (prepared after assetProcessingMs); other states stay put.
 */
export function seedAsset(core: EmulatorCore, input: SeedAssetInput, projectId: string): AssetRecord {
	const state = input.state ?? 'ready';
	const createdAt = input.created_at ? normalizeTimestamp(input.created_at) : core.clock.timestamp();
	const media = input.bytes ? sniffMedia(input.bytes.subarray(0, 64)) : mediaFor(input.format ?? 'mp3');
	const size = input.bytes?.length ?? input.size_bytes ?? 60 * (BYTES_PER_SECOND[media?.extension ?? 'mp3'] ?? 16_000);
	const errorCode = input.error_code ?? (state === 'failed' ? 'unsupported_media' : null);
	const asset: AssetRecord = {
		id: uuidv7(Date.parse(createdAt)),
		project_id: projectId,
		state,
		media: state === 'pending_upload' || errorCode === 'unsupported_media' ? null : media,
		size_bytes: state === 'pending_upload' ? null : size,
		duration_seconds: null,
		language: input.language ?? null,
		error_code: errorCode,
		error_message: input.error_message ?? (state === 'failed' ? 'The file is not audio or video.' : null),
		created_at: createdAt,
		uploadId: null,
		bytes: { kind: 'generated', size },
		credits: null,
	};
	if (state === 'pending_upload') asset.bytes = openSeedUpload(core, asset, size, Date.parse(createdAt));
	else if (input.bytes) asset.bytes = storeSeedBytes(core, asset, input.bytes);
	if (media && (state === 'ready' || state === 'pending_payment')) {
		asset.duration_seconds = input.duration_seconds ?? (size / (BYTES_PER_SECOND[media.extension] ?? 16_000)).toFixed(3);
		asset.credits = Math.max(1, Math.ceil(Number(asset.duration_seconds) / 60));
	}
	core.state.assets.set(asset.id, asset);
	if (state === 'processing') scheduleProcessing(core, asset);
	return asset;
}

function storeSeedBytes(core: EmulatorCore, asset: AssetRecord, bytes: Buffer): AssetRecord['bytes'] {
	const uploadId = uuidv7();
	const filePath = core.uploadFilePath(uploadId);
	writeFileSync(filePath, bytes);
	core.state.uploads.set(uploadId, {
		id: uploadId,
		assetId: asset.id,
		ownerId: core.state.projects.get(asset.project_id)?.ownerId ?? core.state.user.id,
		length: bytes.length,
		offset: bytes.length,
		filePath,
		createdAtMs: core.clock.nowMs(),
		status: 'complete',
		endedBecause: null,
		writer: null,
	});
	core.hasher.hashUpTo(uploadId, filePath, bytes.length);
	asset.uploadId = uploadId;
	return { kind: 'upload', uploadId };
}

/** A pending asset gets a real open upload (created when the asset was), so a client can resume it. */
function openSeedUpload(core: EmulatorCore, asset: AssetRecord, length: number, createdAtMs: number): AssetRecord['bytes'] {
	const uploadId = uuidv7();
	core.state.uploads.set(uploadId, {
		id: uploadId,
		assetId: asset.id,
		ownerId: core.state.projects.get(asset.project_id)?.ownerId ?? core.state.user.id,
		length,
		offset: 0,
		filePath: core.uploadFilePath(uploadId),
		createdAtMs,
		status: 'open',
		endedBecause: null,
		writer: null,
	});
	asset.uploadId = uploadId;
	return { kind: 'upload', uploadId };
}
