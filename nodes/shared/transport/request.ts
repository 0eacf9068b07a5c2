import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import type { Readable } from 'stream';

import { abortableSleep } from '../abortable-sleep';
import { executionCancelled } from '../cancellation';
import { getConnection } from './base-url';
import { CREDENTIAL_TYPE, getCancelSignal, type RoughyFunctions } from './context';
import {
	parseFailure,
	toNetworkError,
	toNodeApiError,
	type FailureContext,
} from './errors';
import {
	isSafeToRepeat,
	nextDelayAfterFailure,
	nextDelayAfterNetworkError,
	QUICK_RETRY_LIMITS,
	type RetryState,
} from './retry-policy';

export interface RoughyRequest extends FailureContext {
	method: IHttpRequestMethods;
	/** `/v1/...`, or an absolute URL on the credential's host (TUS upload URLs). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | Buffer;
	headers?: Record<string, string>;
	/** Overrides the method's default: true for the POSTs Roughy documents as idempotent. */
	idempotent?: boolean;
	/**
	 * 'quick' when someone is waiting on the answer (a webhook sender): one
	 * retry after a 5xx or dropped connection and a few seconds of 429s.
	 */
	retries?: 'default' | 'quick';
	/** How to read a successful body: parsed JSON (default), raw bytes, or a stream. */
	responseAs?: 'json' | 'buffer' | 'stream';
	/** Idle timeout of each attempt; the credential's timeout (default 60 s) when omitted. */
	timeoutMs?: number;
}

export interface RoughyResponse<T> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Longest idle time of a request someone is waiting on (a webhook sender):
 * its answer must reach the sender before the sender gives up.
 */
export const QUICK_TIMEOUT_MS = 5_000;

/**
 * Resolves a request path against the credential's host. An absolute URL on
 * another host is refused: the API key is attached to every request, and it
 * must never be sent anywhere but the Roughy host the user configured.
 */
export function resolveRoughyUrl(baseUrl: string, path: string): string {
	const url = new URL(path, `${baseUrl}/`);
	if (url.origin !== new URL(baseUrl).origin) {
		throw new Error(
			`Roughy returned a URL on another host (${url.origin}); the API key is only sent to ${baseUrl}.`,
		);
	}
	return url.toString();
}

/** Response headers by lower-case name, a repeated header joined into one string. */
export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

/** Error bodies of stream/buffer requests are read here, bounded so a huge page can't fill memory. */
async function readErrorBody(body: unknown): Promise<unknown> {
	if (!body || typeof (body as Readable).on !== 'function') return body;
	const stream = body as Readable;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		chunks.push(buffer);
		size += buffer.length;
		if (size >= MAX_ERROR_BODY_BYTES) {
			stream.destroy();
			break;
		}
	}
	return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES);
}

const ENCODING_FOR: Record<NonNullable<RoughyRequest['responseAs']>, IHttpRequestOptions['encoding']> = {
	json: 'json',
	buffer: 'arraybuffer',
	stream: 'stream',
};

/**
 * The one place that speaks HTTP to Roughy. Authenticates through n8n's
 * credential helpers (so n8n's proxy and SSRF settings apply), repeats
 * requests only when that cannot create anything twice, honours Retry-After,
 * stops when the execution is cancelled, and turns failures into errors that
 * say what to do, without ever carrying the API key.
 */
export async function roughyApiRequestFull<T>(
	context: RoughyFunctions,
	request: RoughyRequest,
): Promise<RoughyResponse<T>> {
	const { baseUrl, timeoutMs, secrets } = await getConnection(context);
	const url = resolveRoughyUrl(baseUrl, request.path);
	const timeout = request.retries === 'quick'
		? Math.min(request.timeoutMs ?? timeoutMs, QUICK_TIMEOUT_MS)
		: (request.timeoutMs ?? timeoutMs);
	const signal = getCancelSignal(context);
	const safeToRepeat = isSafeToRepeat(request.method, request.idempotent);
	const responseAs = request.responseAs ?? 'json';
	const retryState: RetryState = {
		transientRetries: 0,
		rateLimitWaitedMs: 0,
		...(request.retries === 'quick' ? QUICK_RETRY_LIMITS : {}),
	};
	const failureContext: FailureContext = { subject: request.subject, itemIndex: request.itemIndex };
	let unansweredAttempts = 0;

	for (;;) {
		if (signal?.aborted) throw executionCancelled(context.getNode());
		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			qs: request.qs,
			body: request.body,
			headers: request.headers,
			json: responseAs === 'json',
			encoding: ENCODING_FOR[responseAs],
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Lists filter on several states as `state=a&state=b`.
			arrayFormat: 'repeat',
			// A redirect to a signed storage URL must not carry the API key.
			sendCredentialsOnCrossOriginRedirect: false,
			abortSignal: signal,
			timeout,
		};
		let response: IN8nHttpFullResponse;
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			if (signal?.aborted) throw executionCancelled(context.getNode());
			const delay = nextDelayAfterNetworkError(safeToRepeat, retryState);
			if (delay === undefined) throw toNetworkError(context.getNode(), error, baseUrl, failureContext);
			retryState.transientRetries++;
			unansweredAttempts++;
			context.logger.debug(`Roughy ${request.method} ${request.path}: connection failed, retrying in ${delay} ms`);
			await waitBeforeRetry(context, delay, signal);
			continue;
		}

		const headers = lowerCaseHeaders(response.headers);
		if (response.statusCode < 400) {
			return { statusCode: response.statusCode, headers, body: response.body as T };
		}

		const failure = parseFailure(response.statusCode, await readErrorBody(response.body), headers, secrets);
		if (deletedByEarlierAttempt(request.method, failure, unansweredAttempts)) {
			return { statusCode: 204, headers, body: undefined as T };
		}
		const delay = nextDelayAfterFailure(failure, safeToRepeat, retryState);
		if (delay === undefined) throw toNodeApiError(context.getNode(), failure, failureContext);
		if (failure.status === 429) retryState.rateLimitWaitedMs += delay;
		else retryState.transientRetries++;
		context.logger.debug(
			`Roughy ${request.method} ${request.path}: HTTP ${failure.status}${failure.code ? ` ${failure.code}` : ''}, retrying in ${delay} ms`,
		);
		await waitBeforeRetry(context, delay, signal);
	}
}

/**
 * A DELETE repeated after an attempt whose answer never arrived (the
 * connection dropped) and now answered "not found" was most likely carried
 * out by that first attempt: the resource is gone, which is what was asked.
 * An attempt that got a 5xx answer does not count: the server said it failed.
 */
function deletedByEarlierAttempt(
	method: IHttpRequestMethods,
	failure: { status: number; code?: string },
	unansweredAttempts: number,
): boolean {
	return (
		method === 'DELETE' &&
		unansweredAttempts > 0 &&
		failure.status === 404 &&
		failure.code === 'not_found'
	);
}

async function waitBeforeRetry(context: RoughyFunctions, delay: number, signal?: AbortSignal) {
	try {
		await abortableSleep(delay, signal);
	} catch {
		throw executionCancelled(context.getNode());
	}
}

/** Like roughyApiRequestFull, returning only the parsed body. */
export async function roughyApiRequest<T>(context: RoughyFunctions, request: RoughyRequest): Promise<T> {
	const response = await roughyApiRequestFull<T>(context, request);
	return response.body;
}
