/**
 * The emulator's records: what it stores, in the API's own field names
 * where a field is shown to clients. Internal bookkeeping (owners, file paths,
 * idempotency keys) lives beside them and is never serialised directly; the
 * presenters in resources/ decide what a client sees.
 */

export const ASSET_STATES = ['pending_upload', 'processing', 'pending_payment', 'ready', 'failed'] as const;
export type AssetState = (typeof ASSET_STATES)[number];
export const PROJECT_STATES = ['active', 'archived'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];
export const CUT_STATES = ['pending', 'processing', 'completed', 'failed'] as const;
export type CutState = (typeof CUT_STATES)[number];
export const RENDER_STATES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type RenderState = (typeof RENDER_STATES)[number];
export const CUT_EXPORT_FORMATS = ['fcpxml', 'premiere', 'davinci'] as const;
export type CutExportFormat = (typeof CUT_EXPORT_FORMATS)[number];
export const SUBTITLE_FORMATS = ['srt', 'vtt'] as const;
export type SubtitleFormat = (typeof SUBTITLE_FORMATS)[number];
export const RENDER_FORMATS = ['mp4', 'mov', 'm4a', 'mp3'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];
export const VIDEO_RENDER_FORMATS: readonly RenderFormat[] = ['mp4', 'mov'];
export const WEBHOOK_EVENT_TYPES = [
	'asset.ready',
	'asset.pending_payment',
	'asset.failed',
	'cut.completed',
	'cut.failed',
	'render.completed',
	'render.failed',
	'render.cancelled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type LedgerEntryType = 'consume_asset' | 'topup' | 'refund' | 'adjustment' | 'expiry';

/** Tus-Max-Size: the largest upload the API accepts. */
export const MAX_UPLOAD_BYTES = 50 * 1024 ** 3;
/** The format is sniffed from the first chunk, so smaller files are refused. */
export const MIN_UPLOAD_BYTES = 64;

export interface ProjectRecord {
	id: string;
	ownerId: string;
	name: string;
	state: ProjectState;
	archived_at: string | null;
	created_at: string;
	updated_at: string;
}

/** What the bytes turned out to be, from the first chunk. */
export interface MediaKind {
	type: 'audio' | 'video';
	extension: string;
	content_type: string;
}

/** Where an asset's bytes come from: an upload on disk, or generated for a seeded asset. */
export type ByteSource =
	| { kind: 'upload'; uploadId: string }
	| { kind: 'generated'; size: number }
	| { kind: 'none' };

export interface AssetRecord {
	id: string;
	project_id: string;
	state: AssetState;
	media: MediaKind | null;
	size_bytes: number | null;
	duration_seconds: string | null;
	language: string | null;
	error_code: string | null;
	error_message: string | null;
	created_at: string;
	uploadId: string | null;
	bytes: ByteSource;
	/** Credits this asset costs; settled once (ready) or owed (pending_payment). */
	credits: number | null;
}

export type UploadStatus = 'open' | 'complete' | 'terminated';

/** The PATCH currently writing to an upload (TUS allows one writer at a time). */
export interface UploadWriter {
	/** Resolves when the PATCH has stored what it received and released the upload. */
	settled: Promise<void>;
	/** True once the client's connection is gone (the PATCH is only flushing). */
	clientGone(): boolean;
	/** Drops the client's connection (termination while writing). */
	abort(): void;
}

export interface UploadRecord {
	id: string;
	assetId: string;
	ownerId: string;
	length: number;
	/** Bytes stored on disk (the hasher catches up with them: see uploads/upload-hasher.ts). */
	offset: number;
	filePath: string;
	createdAtMs: number;
	status: UploadStatus;
	/** Why a terminated upload ended (expired, cancelled, unsupported media), for the 410 message. */
	endedBecause: string | null;
	writer: UploadWriter | null;
}

export interface CutRecord {
	id: string;
	asset_id: string;
	state: CutState;
	script: string | null;
	error_code: string | null;
	error_message: string | null;
	created_at: string;
	started_at: string | null;
	completed_at: string | null;
	/** Formats a test declared this cut cannot produce (409 unsupported_format). */
	unavailableFormats: string[];
}

export interface RenderOutput {
	format: RenderFormat;
	resolution?: string | null;
	video_bitrate?: number | null;
	audio_bitrate?: number | null;
	frame_rate?: number | null;
}

export interface RenderRecord {
	id: string;
	asset_id: string;
	cut_id: string | null;
	state: RenderState;
	output: RenderOutput;
	size_bytes: number | null;
	error_code: string | null;
	error_message: string | null;
	created_at: string;
	started_at: string | null;
	completed_at: string | null;
	idempotencyKey: string;
}

export interface WebhookSecret {
	key: string;
	/** Old secrets keep signing during a rotation's grace period (emulator clock, ms). */
	retiresAtMs: number | null;
}

export interface WebhookEndpointRecord {
	id: string;
	url: string;
	event_types: WebhookEventType[];
	description: string | null;
	created_at: string;
	/** Newest first. */
	secrets: WebhookSecret[];
}

export interface LedgerRecord {
	id: string;
	type: LedgerEntryType;
	delta: number;
	asset_id: string | null;
	grant_id: string | null;
	stripe_invoice_id: string | null;
	created_at: string;
}

export interface UserRecord {
	id: string;
	email: string;
	name: string;
	email_verified_at: string | null;
	deleted_at: string | null;
	created_at: string;
}
