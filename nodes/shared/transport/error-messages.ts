import type { ErrorCode } from '../types';

interface ErrorAdvice {
	/** Short headline shown as the n8n error message. */
	message: string;
	/** What the workflow builder can do about it. */
	hint: string;
}

/**
 * One entry per code in the contract's ErrorCode enum. Roughy's own
 * `error.message` is always shown too; these add what to do next.
 */
export const ERROR_ADVICE: Record<ErrorCode, ErrorAdvice> = {
	bad_request: {
		message: 'Roughy rejected the request as malformed',
		hint: 'Check the node parameters. If they look right, this may be a bug in the node: report it with the request ID.',
	},
	unauthenticated: {
		message: 'Roughy rejected the API key',
		hint: 'Open the Roughy credential and paste a valid API key (it starts with "sk_"). Keys are created on the API keys page of the Roughy dashboard.',
	},
	forbidden: {
		message: 'This API key is not allowed to do that',
		hint: 'Use a key of the account that owns the resource, or ask the account owner for access.',
	},
	not_found: {
		message: 'Roughy could not find that resource',
		hint: 'Check the ID. Roughy also answers "not found" for resources that belong to another account, and for resources that were deleted.',
	},
	conflict: {
		message: 'The request conflicts with the current state in Roughy',
		hint: 'Read the resource again to see its current state, then retry if it still makes sense.',
	},
	gone: {
		message: 'That resource no longer exists in Roughy',
		hint: 'For an upload this means it expired or was cancelled: create the asset again and upload from the start.',
	},
	precondition_failed: {
		message: 'Roughy refused the request because a required header was missing',
		hint: 'This is a protocol problem, not a settings problem: report it with the request ID.',
	},
	payload_too_large: {
		message: 'The file is too large for Roughy',
		hint: 'Roughy accepts uploads of up to 50 GiB. Split or compress the file first.',
	},
	unsupported_media_type: {
		message: 'Roughy did not accept the content type of the request',
		hint: 'This is a protocol problem, not a settings problem: report it with the request ID.',
	},
	validation_error: {
		message: 'Roughy rejected some of the values sent',
		hint: 'Fix the fields listed below and run the node again.',
	},
	account_locked: {
		message: 'The Roughy account is locked',
		hint: 'The account may be scheduled for deletion. Sign in to the Roughy dashboard to restore it, or contact Roughy support.',
	},
	rate_limited: {
		message: 'Roughy is rate limiting this API key',
		hint: 'The node already waited and retried. Lower the number of items per run, or add a Wait node between batches.',
	},
	insufficient_credits: {
		message: 'The Roughy account has no credits left',
		hint: 'New assets need a positive credit balance. Top up credits in the Roughy dashboard, then run the node again. Nothing was uploaded or charged.',
	},
	internal_error: {
		message: 'Roughy had an internal error',
		hint: 'Try again later. If it keeps happening, report it to Roughy support with the request ID.',
	},
	upstream_error: {
		message: 'A service Roughy depends on answered badly',
		hint: 'This is usually temporary: try again in a few minutes.',
	},
	upstream_unavailable: {
		message: 'A service Roughy depends on is unavailable',
		hint: 'This is usually temporary: try again in a few minutes.',
	},
	asset_processing: {
		message: 'The asset is still being prepared',
		hint: 'Roughy is still analysing the upload. Turn on "Wait for Completion" when creating the asset, or add a Wait node (or use the Roughy Trigger\'s "Asset Ready" event) before this step.',
	},
	asset_payment_required: {
		message: 'The asset is waiting for payment',
		hint: 'It was processed but the credit balance did not cover it. Top up credits in the Roughy dashboard; the asset becomes ready automatically.',
	},
	asset_failed: {
		message: 'The asset failed processing',
		hint: 'Roughy could not read the file. Check that it is a valid audio or video file and upload it again as a new asset.',
	},
	asset_not_ready: {
		message: 'The asset is not ready for a video render yet',
		hint: 'Wait until the asset is ready (use "Wait for Completion" on asset create, or the Roughy Trigger\'s "Asset Ready" event), then render.',
	},
	modifier_not_ready: {
		message: 'The cut is not finished yet',
		hint: 'A render can only apply a completed cut. Turn on "Wait for Completion" when creating the cut, or wait for the "Cut Completed" event, then render.',
	},
	unsupported_format: {
		message: 'This export format is not available for this cut',
		hint: 'Choose another format.',
	},
	frame_rate_required: {
		message: 'This export needs a frame rate',
		hint: 'The source has no frame rate of its own (an audio asset). Set "Frame Rate" in the export options, e.g. 25 or 29.97.',
	},
	cut_not_proposed: {
		message: 'The cut has no result to export yet',
		hint: 'Only completed cuts can be exported. Turn on "Wait for Completion" when creating the cut, or wait for the "Cut Completed" event.',
	},
};

/** Advice for a status when the body did not carry a code we know. */
export function adviceForStatus(status: number): ErrorAdvice {
	if (status === 401) return ERROR_ADVICE.unauthenticated;
	if (status === 403) return ERROR_ADVICE.forbidden;
	if (status === 404) return ERROR_ADVICE.not_found;
	if (status === 409) return ERROR_ADVICE.conflict;
	if (status === 410) return ERROR_ADVICE.gone;
	if (status === 413) return ERROR_ADVICE.payload_too_large;
	if (status === 422) return ERROR_ADVICE.validation_error;
	if (status === 429) return ERROR_ADVICE.rate_limited;
	if (status >= 500) return ERROR_ADVICE.internal_error;
	return {
		message: `Roughy answered with HTTP ${status}`,
		hint: 'Check the node parameters and the credential, then try again.',
	};
}
