import type { IExecuteFunctions, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';
import { Readable } from 'stream';
import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';

import { CREDENTIAL_TYPE } from './context';
import { lowerCaseHeaders, resolveRoughyUrl } from './request';

/** A TUS request that got no HTTP answer (connection refused or dropped, timeout, cancellation). */
export class TusConnectionError extends Error {
	constructor(readonly cause: unknown) {
		super('The TUS request got no answer from Roughy');
		this.name = 'TusConnectionError';
	}
}

/** The upload URL points away from the credential's host, so the API key is not sent there. */
export class TusUrlRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TusUrlRefusedError';
	}
}

/**
 * Idle timeout of a PATCH. It is reset by every byte that moves, so it
 * bounds a stalled connection, not a slow chunk; longer than an API call's,
 * since the server may take a while to store a chunk before it answers.
 */
export const PATCH_IDLE_TIMEOUT_MS = 120_000;

/**
 * A chunk goes to the socket in pieces of this size. Handed to n8n's helpers
 * as one multi-megabyte Buffer, each PATCH is a single huge socket write,
 * and n8n's process then ran three to five times as many full garbage
 * collections (measured with 16 MiB chunks, see BENCHMARKS.md); fed
 * piecewise, with backpressure, as tus-js-client's own Node stack does, it
 * runs no more than without n8n and uploads faster.
 */
const BODY_PIECE_BYTES = 64 * 1024;

/** The chunk as a stream of views into it (nothing is copied), reporting how much the socket took. */
function chunkStream(chunk: Buffer, onProgress: (bytesSent: number) => void): Readable {
	let offset = 0;
	return new Readable({
		read() {
			if (offset >= chunk.length) {
				this.push(null);
				return;
			}
			const piece = chunk.subarray(offset, offset + BODY_PIECE_BYTES);
			offset += piece.length;
			onProgress(offset);
			this.push(piece);
		},
	});
}

class N8nTusResponse implements HttpResponse {
	constructor(
		private readonly status: number,
		private readonly headers: Record<string, string>,
		private readonly body: string,
	) {}

	getStatus() {
		return this.status;
	}

	getHeader(header: string) {
		return this.headers[header.toLowerCase()];
	}

	getBody() {
		return this.body;
	}

	getUnderlyingObject() {
		return undefined;
	}
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body === undefined || body === null) return '';
	return JSON.stringify(body);
}

class N8nTusRequest implements HttpRequest {
	private readonly headers: Record<string, string> = {};

	private onProgress: (bytesSent: number) => void = () => undefined;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly baseUrl: string,
		private readonly method: string,
		private readonly url: string,
		private readonly timeoutMs: number,
	) {}

	getMethod() {
		return this.method;
	}

	getURL() {
		return this.url;
	}

	setHeader(header: string, value: string) {
		this.headers[header] = value;
	}

	getHeader(header: string) {
		return this.headers[header];
	}

	setProgressHandler(handler: (bytesSent: number) => void) {
		this.onProgress = handler;
	}

	async send(body?: Buffer | null): Promise<HttpResponse> {
		// Errors thrown here go to tus-js-client, and from it to the uploader,
		// which turns them into n8n errors; they never reach the UI as they are.
		let url: string | undefined;
		let refusal: unknown;
		try {
			url = resolveRoughyUrl(this.baseUrl, this.url);
		} catch (error) {
			refusal = error;
		}
		if (url === undefined) throw new TusUrlRefusedError((refusal as Error).message);

		// Kept on the request, so the uploader can check the answer's offset against what was sent.
		if (body) this.headers['Content-Length'] = String(body.length);
		let response: IN8nHttpFullResponse | undefined;
		let failure: unknown;
		try {
			response = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				CREDENTIAL_TYPE,
				{
					method: this.method as IHttpRequestMethods,
					url,
					// An explicit length, or a stream body would go out chunked.
					headers: { ...this.headers },
					// n8n's helpers pass a Readable body through to the socket (its type does not say so).
					body: body ? (chunkStream(body, this.onProgress) as unknown as Buffer) : undefined,
					json: false,
					encoding: 'text',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					// A TUS URL is final: a redirect would resend the chunk elsewhere.
					disableFollowRedirect: true,
					timeout: body ? Math.max(PATCH_IDLE_TIMEOUT_MS, this.timeoutMs) : this.timeoutMs,
				},
			)) as IN8nHttpFullResponse;
		} catch (error) {
			failure = error;
		}
		if (!response) throw new TusConnectionError(failure);
		return new N8nTusResponse(response.statusCode, lowerCaseHeaders(response.headers), bodyText(response.body));
	}

	/**
	 * n8n ties every authenticated request to the execution's cancel signal
	 * and gives no other handle on it, so a request in flight stops when the
	 * execution is cancelled; tus-js-client's abort only stops what comes next.
	 */
	async abort() {}

	getUnderlyingObject() {
		return undefined;
	}
}

/**
 * tus-js-client's HTTP stack over n8n's `httpRequestWithAuthentication`:
 * every HEAD, PATCH and DELETE carries the credential's key, goes through
 * n8n's proxy and SSRF settings, and is refused if the URL leaves the
 * credential's host.
 */
export class N8nTusHttpStack implements HttpStack {
	constructor(
		private readonly context: IExecuteFunctions,
		private readonly baseUrl: string,
		/** Idle timeout of HEAD and DELETE; a PATCH waits at least PATCH_IDLE_TIMEOUT_MS. */
		private readonly timeoutMs: number,
	) {}

	createRequest(method: string, url: string): HttpRequest {
		return new N8nTusRequest(this.context, this.baseUrl, method, url, this.timeoutMs);
	}

	getName() {
		return 'N8nTusHttpStack';
	}
}

/**
 * The node context without its cancel signal, for the one request that must
 * still go out after the user stopped the execution: the DELETE that removes
 * the half-uploaded asset. n8n attaches the execution's (already aborted)
 * signal to every authenticated request made from a context that has one.
 */
export function withoutCancelSignal(context: IExecuteFunctions): IExecuteFunctions {
	const detached = {
		getNode: context.getNode.bind(context),
		getCredentials: context.getCredentials.bind(context),
		helpers: context.helpers,
		logger: context.logger,
	};
	return detached as unknown as IExecuteFunctions;
}
