import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { ERROR_CODES, type ErrorCode, type FieldError } from '../types';
import { adviceForStatus, ERROR_ADVICE } from './error-messages';

/** What we keep of a failed Roughy response: never headers or request options. */
export interface RoughyFailure {
	status: number;
	code?: string;
	roughyMessage?: string;
	fields?: FieldError[];
	requestId?: string;
	retryAfterSeconds?: number;
}

/** Where the failure happened, so the user can find the item and entity. */
export interface FailureContext {
	/** e.g. "asset 0198…" or "project 0198…" */
	subject?: string;
	itemIndex?: number;
}

const MAX_SHOWN_TEXT = 300;

function isKnownCode(code: unknown): code is ErrorCode {
	return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** A request id is for a support ticket: longer ones are cut, and only printable ASCII is kept. */
const MAX_REQUEST_ID_LENGTH = 100;

const REDACTED = '[redacted]';

/**
 * Removes what must never be shown from a text a server sent: the
 * credential's key wherever it appears, and any bearer token or signing
 * secret. Servers and proxies do echo request headers into error pages.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
	let result = text;
	for (const secret of secrets) {
		if (secret) result = result.split(secret).join(REDACTED);
	}
	return result
		.replace(/\b(bearer)\s+[^\s"'<>,;]+/gi, `$1 ${REDACTED}`)
		.replace(/\b(sk|whsec)_[A-Za-z0-9_+/=-]{8,}/g, REDACTED);
}

function truncate(text: string, secrets?: readonly string[]): string {
	const oneLine = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim();
	return oneLine.length > MAX_SHOWN_TEXT ? `${oneLine.slice(0, MAX_SHOWN_TEXT)}…` : oneLine;
}

function cleanRequestId(raw: string, secrets?: readonly string[]): string {
	const printable = redactSecrets(raw, secrets).replace(/[^\x21-\x7e]/g, '');
	return printable.length > MAX_REQUEST_ID_LENGTH ? `${printable.slice(0, MAX_REQUEST_ID_LENGTH)}…` : printable;
}

/**
 * Reads Roughy's error envelope out of whatever came back. Proxies and load
 * balancers answer with HTML or plain text, and bodies can be huge, so only a
 * bounded, single-line excerpt of anything that isn't the envelope is kept.
 */
export function parseFailure(
	status: number,
	body: unknown,
	headers: Record<string, unknown>,
	secrets?: readonly string[],
): RoughyFailure {
	const failure: RoughyFailure = { status };
	const requestId = headers['x-request-id'];
	if (typeof requestId === 'string' && requestId !== '') {
		const cleaned = cleanRequestId(requestId, secrets);
		if (cleaned !== '') failure.requestId = cleaned;
	}
	const retryAfter = Number(headers['retry-after']);
	if (Number.isFinite(retryAfter) && retryAfter >= 0) failure.retryAfterSeconds = retryAfter;

	let parsed: unknown = body;
	if (Buffer.isBuffer(parsed)) parsed = parsed.toString('utf8');
	if (typeof parsed === 'string') {
		const text = parsed;
		try {
			parsed = JSON.parse(text);
		} catch {
			const looksLikeHtml = /<\s*(!doctype|html|head|body)\b/i.test(text);
			failure.roughyMessage = looksLikeHtml
				? `An HTML page came back instead of Roughy's JSON (HTTP ${status}): a proxy, gateway or the wrong host answered.`
				: truncate(text, secrets);
			return failure;
		}
	}
	const envelope = (parsed as { error?: unknown } | null)?.error;
	if (envelope && typeof envelope === 'object') {
		const { code, message, fields } = envelope as Record<string, unknown>;
		if (typeof code === 'string') failure.code = truncate(code, secrets);
		if (typeof message === 'string') failure.roughyMessage = truncate(message, secrets);
		if (Array.isArray(fields)) {
			failure.fields = fields
				.filter((f): f is FieldError => typeof f?.field === 'string')
				.map((f) => ({ field: truncate(f.field, secrets), message: truncate(String(f.message ?? ''), secrets) }));
		}
	}
	return failure;
}

/** "body.name" → "name", "query.limit" → "limit (query)", so users recognise their fields. */
function describeField(field: string): string {
	const [location, ...rest] = field.split('.');
	const name = rest.join('.');
	if (!name) return field;
	return location === 'body' ? name : `${name} (${location})`;
}

export function describeFailure(failure: RoughyFailure, context: FailureContext = {}) {
	const advice = isKnownCode(failure.code)
		? ERROR_ADVICE[failure.code]
		: adviceForStatus(failure.status);
	const subject = context.subject ? ` (${context.subject})` : '';
	const message = `${advice.message}${subject}`;
	const lines: string[] = [];
	if (failure.roughyMessage) lines.push(`Roughy says: ${failure.roughyMessage}`);
	for (const field of failure.fields ?? []) {
		lines.push(`• ${describeField(field.field)}: ${field.message}`);
	}
	lines.push(advice.hint);
	if (failure.retryAfterSeconds !== undefined && failure.code === 'asset_processing') {
		lines.push(`Roughy suggests retrying in ${failure.retryAfterSeconds} s.`);
	}
	const codePart = failure.code ? `code ${failure.code}, ` : '';
	lines.push(
		`(${codePart}HTTP ${failure.status}${failure.requestId ? `, request ID ${failure.requestId}` : ''})`,
	);
	return { message, description: lines.join('\n') };
}

/**
 * The n8n error for a failed Roughy response. Only the sanitized failure is
 * attached, so no header (and so no API key) can reach the execution log.
 */
export function toNodeApiError(
	node: INode,
	failure: RoughyFailure,
	context: FailureContext = {},
): NodeApiError {
	const { message, description } = describeFailure(failure, context);
	const error = new NodeApiError(node, { ...failure } as unknown as JsonObject, {
		message,
		description,
		httpCode: String(failure.status),
		itemIndex: context.itemIndex,
	});
	error.context.roughyErrorCode = failure.code ?? null;
	error.context.roughyStatus = failure.status;
	if (failure.requestId) error.context.requestId = failure.requestId;
	if (failure.retryAfterSeconds !== undefined) error.context.retryAfterSeconds = failure.retryAfterSeconds;
	return error;
}

/** Roughy's error code of an error thrown by the transport, if any. */
export function roughyErrorCode(error: unknown): string | undefined {
	const code = (error as { context?: { roughyErrorCode?: unknown } })?.context?.roughyErrorCode;
	return typeof code === 'string' ? code : undefined;
}

/** Roughy's Retry-After (seconds) on an error thrown by the transport, if it sent one. */
export function roughyRetryAfterSeconds(error: unknown): number | undefined {
	const seconds = (error as { context?: { retryAfterSeconds?: unknown } })?.context?.retryAfterSeconds;
	return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : undefined;
}

/** The HTTP status of an error thrown by the transport, if it came from a response. */
export function roughyStatus(error: unknown): number | undefined {
	const status = (error as { context?: { roughyStatus?: unknown } })?.context?.roughyStatus;
	return typeof status === 'number' ? status : undefined;
}

const NETWORK_PROBLEMS: Record<string, { what: string; hint: (baseUrl: string) => string }> = {
	ECONNREFUSED: {
		what: 'the connection was refused',
		hint: (baseUrl) => `Nothing is listening at ${baseUrl}. Check the Base URL in the Roughy credential.`,
	},
	ENOTFOUND: {
		what: 'the host name was not found',
		hint: (baseUrl) => `Check the Base URL (${baseUrl}) in the Roughy credential for typos.`,
	},
	EAI_AGAIN: {
		what: 'the host name could not be resolved right now',
		hint: () => "Check n8n's network and DNS settings, then try again.",
	},
	ETIMEDOUT: {
		what: 'the connection timed out',
		hint: () => "Check n8n's network or proxy settings, then try again.",
	},
	ECONNRESET: {
		what: 'the connection was dropped',
		hint: () => 'The node already retried where that was safe. Try again later.',
	},
	ECONNABORTED: {
		what: 'the request timed out',
		hint: () => 'Roughy took too long to answer. Try again later.',
	},
};

function networkReason(cause: unknown): string | undefined {
	// n8n wraps the HTTP client's error (which wraps Node's socket error), so
	// the code can sit a few `cause` levels down.
	let current: unknown = cause;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Failures that never reached Roughy or never came back (no HTTP status).
 * The message avoids Node's raw error codes on purpose: n8n replaces any
 * message containing one with its own generic text.
 */
export function toNetworkError(
	node: INode,
	cause: unknown,
	baseUrl: string,
	context: FailureContext = {},
): NodeApiError {
	const reason = networkReason(cause);
	const problem = reason ? NETWORK_PROBLEMS[reason] : undefined;
	const subject = context.subject ? ` (${context.subject})` : '';
	const error = new NodeApiError(node, { networkError: reason ?? 'unknown' } as JsonObject, {
		message: `Could not reach Roughy${subject}: ${problem?.what ?? 'the request failed before an answer came back'}`,
		description:
			problem?.hint(baseUrl) ??
			`Check the Base URL (${baseUrl}) in the Roughy credential and n8n's network or proxy settings.`,
		itemIndex: context.itemIndex,
	});
	error.context.roughyErrorCode = null;
	error.context.networkError = reason ?? 'unknown';
	return error;
}

/** True when the error is a transport failure that never got an HTTP answer. */
export function isNetworkError(error: unknown): boolean {
	return typeof (error as { context?: { networkError?: unknown } })?.context?.networkError === 'string';
}
