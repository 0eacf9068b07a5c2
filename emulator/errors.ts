/**
 * Roughy's error envelope, `{error: {code, message, fields?}}`, with the
 * status each code is answered with (documented statuses, plus the
 * contract's assumptions for gone, account_locked, rate_limited, upstream_*,
 * frame_rate_required and cut_not_proposed).
 */

export const STATUS_FOR_CODE = {
	bad_request: 400,
	unauthenticated: 401,
	insufficient_credits: 402,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	asset_processing: 409,
	asset_payment_required: 409,
	asset_failed: 409,
	asset_not_ready: 409,
	modifier_not_ready: 409,
	unsupported_format: 409,
	cut_not_proposed: 409,
	gone: 410,
	precondition_failed: 412,
	payload_too_large: 413,
	unsupported_media_type: 415,
	validation_error: 422,
	frame_rate_required: 422,
	account_locked: 423,
	rate_limited: 429,
	internal_error: 500,
	upstream_error: 502,
	upstream_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_FOR_CODE;

export interface FieldError {
	field: string;
	message: string;
}

export interface ErrorEnvelope {
	error: { code: ErrorCode; message: string; fields?: FieldError[] };
}

/** Thrown by handlers; the server turns it into the envelope. */
export class ApiError extends Error {
	readonly status: number;

	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly fields?: FieldError[],
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.status = STATUS_FOR_CODE[code];
	}

	toEnvelope(): ErrorEnvelope {
		const error: ErrorEnvelope['error'] = { code: this.code, message: this.message };
		if (this.fields) error.fields = this.fields;
		return { error };
	}
}

export function notFound(what: string): ApiError {
	return new ApiError('not_found', `${what} not found.`);
}

export function validationError(fields: FieldError[], message = 'The request has invalid fields.'): ApiError {
	return new ApiError('validation_error', message, fields);
}

export function fieldError(field: string, message: string): ApiError {
	return validationError([{ field, message }]);
}
