import { randomAlphanumeric } from './ids';
import type { UploadHashing } from './uploads/upload-hasher';

export interface TimingOptions {
	/** How long an asset stays `processing` after its last byte. */
	assetProcessingMs?: number;
	/** Time from `pending` to `completed` for a cut (half of it in `pending`). */
	cutProcessingMs?: number;
	/** Time from `pending` to `completed` for a render (half of it in `pending`). */
	renderProcessingMs?: number;
}

export interface RateLimitOptions {
	requestsPerSecond: number;
	/** Bucket size; defaults to requestsPerSecond. */
	burst?: number;
}

export interface EmulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Port of the storage listener that serves signed download URLs; 0 (default) picks one. */
	storagePort?: number;
	/** The only key that authenticates. Default: `sk_test_` + 32 random characters. */
	apiKey?: string;
	/** Starting balance, booked as a grant top-up. Default 1000. */
	initialCredits?: number;
	/** Delays of the automatic state changes, or 'manual': nothing moves until control.advanceAll(). */
	timing?: TimingOptions | 'manual';
	/** Lifetime of signed download URLs. Default 900 (15 min, as in Roughy's example URL). */
	downloadUrlTtlSeconds?: number;
	/** A pending upload older than this is expired: 410 on HEAD/PATCH, asset removed. Default 24 h. */
	uploadExpiryMs?: number;
	/** Token bucket over /v1 requests: 429 rate_limited + Retry-After when empty. Off by default. */
	rateLimit?: RateLimitOptions;
	/** Where upload bytes go. Default: a fresh temp dir, removed on close (a given dir is kept). */
	storageDir?: string;
	/** Validate every /v1 response against contract/openapi.yaml and record violations. Default false. */
	contractCheck?: boolean;
	/** Waits between webhook delivery attempts after a non-2xx. Default [50, 250, 1000] (4 attempts). */
	webhookRetryDelaysMs?: number[];
	/** Per-attempt timeout for webhook deliveries. Default 5000. */
	webhookTimeoutMs?: number;
	/** How long a rotated-out webhook secret keeps signing alongside the new one. Default 24 h (Svix). */
	webhookSecretGraceMs?: number;
	/** When the sha256 of stored uploads is computed: while they run (default) or when asked for (benchmarks). */
	uploadHashing?: UploadHashing;
}

export interface ResolvedOptions {
	port: number;
	host: string;
	storagePort: number;
	apiKey: string;
	initialCredits: number;
	manualTiming: boolean;
	assetProcessingMs: number;
	cutProcessingMs: number;
	renderProcessingMs: number;
	downloadUrlTtlSeconds: number;
	uploadExpiryMs: number;
	rateLimit: RateLimitOptions | null;
	storageDir: string | null;
	contractCheck: boolean;
	webhookRetryDelaysMs: number[];
	webhookTimeoutMs: number;
	webhookSecretGraceMs: number;
	uploadHashing: UploadHashing;
}

export const DEFAULT_TIMING: Required<TimingOptions> = {
	assetProcessingMs: 100,
	cutProcessingMs: 100,
	renderProcessingMs: 150,
};

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
	const timing: TimingOptions = options.timing === 'manual' ? {} : { ...DEFAULT_TIMING, ...(options.timing ?? {}) };
	return {
		port: options.port ?? 0,
		host: options.host ?? '127.0.0.1',
		storagePort: options.storagePort ?? 0,
		apiKey: options.apiKey ?? `sk_test_${randomAlphanumeric(32)}`,
		initialCredits: options.initialCredits ?? 1000,
		manualTiming: options.timing === 'manual',
		assetProcessingMs: timing.assetProcessingMs ?? DEFAULT_TIMING.assetProcessingMs,
		cutProcessingMs: timing.cutProcessingMs ?? DEFAULT_TIMING.cutProcessingMs,
		renderProcessingMs: timing.renderProcessingMs ?? DEFAULT_TIMING.renderProcessingMs,
		downloadUrlTtlSeconds: options.downloadUrlTtlSeconds ?? 900,
		uploadExpiryMs: options.uploadExpiryMs ?? 24 * 3600 * 1000,
		rateLimit: options.rateLimit ?? null,
		storageDir: options.storageDir ?? null,
		contractCheck: options.contractCheck ?? false,
		webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [50, 250, 1000],
		webhookTimeoutMs: options.webhookTimeoutMs ?? 5000,
		webhookSecretGraceMs: options.webhookSecretGraceMs ?? 24 * 3600 * 1000,
		uploadHashing: options.uploadHashing ?? 'live',
	};
}
