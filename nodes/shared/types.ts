/**
 * Roughy's shapes, written from contract/openapi.yaml (the single source the
 * emulator and the nodes follow). test/contract/types.test.ts checks that the
 * required keys here match the contract's schemas.
 */

export const ERROR_CODES = [
	'bad_request',
	'unauthenticated',
	'forbidden',
	'not_found',
	'conflict',
	'gone',
	'precondition_failed',
	'payload_too_large',
	'unsupported_media_type',
	'validation_error',
	'account_locked',
	'rate_limited',
	'insufficient_credits',
	'internal_error',
	'upstream_error',
	'upstream_unavailable',
	'asset_processing',
	'asset_payment_required',
	'asset_failed',
	'asset_not_ready',
	'modifier_not_ready',
	'unsupported_format',
	'frame_rate_required',
	'cut_not_proposed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
	field: string;
	message: string;
}

export interface ErrorEnvelope {
	error: { code: ErrorCode | string; message: string; fields?: FieldError[] };
}

export interface Page<T> {
	items: T[];
	total: number;
	limit: number;
	offset: number;
}

export const PROJECT_STATES = ['active', 'archived'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];
export interface Project {
	id: string;
	name: string;
	state: ProjectState;
	archived_at: string | null;
	created_at: string;
	updated_at: string;
}

export const ASSET_STATES = ['pending_upload', 'processing', 'pending_payment', 'ready', 'failed'] as const;
export type AssetState = (typeof ASSET_STATES)[number];
export interface AssetSummary {
	id: string;
	project_id: string;
	type: 'audio' | 'video' | null;
	state: AssetState;
	extension: string | null;
	size_bytes: number | null;
	content_type: string | null;
	/** A decimal in a string, e.g. "324.412". */
	duration_seconds: string | null;
	language: string | null;
	error_code?: string | null;
	error_message?: string | null;
	created_at: string;
}
export interface Asset extends AssetSummary {
	error_code: string | null;
	error_message: string | null;
	upload_url: string | null;
}
export interface AssetDetail extends Asset {
	download_url: string | null;
	cuttable: boolean;
}

export const CUT_STATES = ['pending', 'processing', 'completed', 'failed'] as const;
export type CutState = (typeof CUT_STATES)[number];
export interface Cut {
	id: string;
	asset_id: string;
	state: CutState;
	script: string | null;
	error_code: string | null;
	error_message: string | null;
	created_at: string;
	started_at: string | null;
	completed_at: string | null;
}
export const CUT_EXPORT_FORMATS = ['fcpxml', 'premiere', 'davinci'] as const;
export type CutExportFormat = (typeof CUT_EXPORT_FORMATS)[number];
export const SUBTITLE_FORMATS = ['srt', 'vtt'] as const;
export type SubtitleFormat = (typeof SUBTITLE_FORMATS)[number];

export const RENDER_FORMATS = ['mp4', 'mov', 'm4a', 'mp3'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];
export const VIDEO_RENDER_FORMATS: readonly RenderFormat[] = ['mp4', 'mov'];
export const RENDER_RESOLUTIONS = ['720p', '1080p', '4k'] as const;
export const VIDEO_BITRATES = [5, 10, 20, 50] as const;
export const AUDIO_BITRATES = [128, 192, 256, 320] as const;
export interface RenderOutput {
	format: RenderFormat;
	resolution?: (typeof RENDER_RESOLUTIONS)[number] | null;
	video_bitrate?: (typeof VIDEO_BITRATES)[number] | null;
	audio_bitrate?: (typeof AUDIO_BITRATES)[number] | null;
	frame_rate?: number | null;
}
/** `cancelled` is our contract decision (see contract/DECISIONS.md). */
export const RENDER_STATES = ['pending', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type RenderState = (typeof RENDER_STATES)[number];
export interface Render {
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
}
export interface RenderDetail extends Render {
	download_url: string | null;
}

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
export interface WebhookEndpoint {
	id: string;
	url: string;
	event_types: WebhookEventType[];
	description?: string | null;
}
export interface WebhookEndpointCreated extends WebhookEndpoint {
	secret?: string;
}
export interface CreditBalance {
	balance: number;
}
export interface LedgerEntry {
	id: string;
	type: 'consume_asset' | 'topup' | 'refund' | 'adjustment' | 'expiry';
	delta: number;
	asset_id?: string | null;
	grant_id?: string | null;
	stripe_invoice_id?: string | null;
	created_at: string;
}

export interface User {
	id: string;
	email: string;
	name: string;
	email_verified_at: string | null;
	deleted_at: string | null;
	created_at: string;
}

/** The largest upload the API accepts (Tus-Max-Size), in bytes. */
export const MAX_UPLOAD_BYTES = 50 * 1024 ** 3;
/** The API sniffs the format from the first chunk and refuses smaller files. */
export const MIN_UPLOAD_BYTES = 64;
/** Cut scripts are capped by the API. */
export const MAX_SCRIPT_LENGTH = 100_000;
