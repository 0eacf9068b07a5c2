import type { IDataObject, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

export interface WebhookTestRequest {
	headers: Record<string, string>;
	/** The bytes as sent; signature checks must run over these, not a re-serialised body. */
	rawBody: Buffer;
	/**
	 * Leave rawBody off the request until the node calls `readRawBody()`, as
	 * n8n does for content types its body parser doesn't read.
	 */
	rawBodyOnlyOnRead?: boolean;
	/** Parsed body; parsed from rawBody when the content type is JSON and this is left out. */
	body?: unknown;
	query?: Record<string, string | string[]>;
	method?: string;
	/** Path after the webhook URL's origin, for nodes that read `req.path` or `req.url`. */
	path?: string;
}

type ExpressRequest = NonNullable<IWorkflowExecuteAdditionalData['httpRequest']>;
type ExpressResponse = NonNullable<IWorkflowExecuteAdditionalData['httpResponse']>;

function parseBody(request: WebhookTestRequest, contentType: string): unknown {
	if (request.body !== undefined) return request.body;
	if (/\bjson\b/i.test(contentType) && request.rawBody.length > 0) {
		return JSON.parse(request.rawBody.toString('utf8')) as unknown;
	}
	return {};
}

/**
 * The parts of an Express request that n8n's webhook server hands a node:
 * lower-cased headers (Node's HTTP parser does that), the parsed body, and
 * `rawBody` as n8n's body parser keeps it for signature checks.
 */
export function fakeWebhookRequest(request: WebhookTestRequest): ExpressRequest {
	const headers = Object.fromEntries(
		Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
	);
	const path = request.path ?? '/';
	const header = (name: string) => headers[name.toLowerCase()];
	const fake = {
		method: (request.method ?? 'POST').toUpperCase(),
		url: path,
		originalUrl: path,
		path,
		headers,
		rawBody: request.rawBodyOnlyOnRead ? undefined : request.rawBody,
		body: parseBody(request, headers['content-type'] ?? ''),
		query: request.query ?? {},
		params: {},
		get: header,
		header,
		// n8n-workflow's request type has this; it fills rawBody once, idempotently.
		async readRawBody() {
			fake.rawBody = request.rawBody;
		},
	};
	return fake as unknown as ExpressRequest;
}

/** What a node wrote to the response object, for nodes that answer the sender themselves. */
export interface RecordedResponse {
	written: boolean;
	statusCode: number;
	headers: Record<string, string>;
	body?: unknown;
}

/** An Express-like response that records instead of sending. */
export function fakeWebhookResponse(): { response: ExpressResponse; recorded: RecordedResponse } {
	const recorded: RecordedResponse = { written: false, statusCode: 200, headers: {} };
	const fake = {
		get headersSent() {
			return recorded.written;
		},
		get statusCode() {
			return recorded.statusCode;
		},
		status(code: number) {
			recorded.statusCode = code;
			return fake;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = String(value);
			return fake;
		},
		getHeader(name: string) {
			return recorded.headers[name.toLowerCase()];
		},
		writeHead(code: number, headers?: Record<string, string>) {
			recorded.statusCode = code;
			for (const [name, value] of Object.entries(headers ?? {})) fake.setHeader(name, value);
			return fake;
		},
		send(body?: unknown) {
			recorded.body = body;
			recorded.written = true;
			return fake;
		},
		json(body?: unknown) {
			fake.setHeader('content-type', 'application/json');
			return fake.send(body);
		},
		sendStatus(code: number) {
			return fake.status(code).send();
		},
		end(body?: unknown) {
			return fake.send(body);
		},
	};
	const aliases = { set: fake.setHeader, header: fake.setHeader, get: fake.getHeader };
	return { response: Object.assign(fake, aliases) as unknown as ExpressResponse, recorded };
}

/**
 * What n8n 2.40.7's webhook server answers when the node leaves the answer
 * to it (trigger nodes respond "on received", status 200). When an
 * execution starts, the body is the webhook description's `responseData`,
 * which defaults to the text `firstEntryJson` (n8n evaluates it with that
 * default and sends it as it is); otherwise the node's `webhookResponse` or
 * n8n's default message. Mirrors packages/cli/src/webhooks/webhook-helpers.ts
 * and webhook-on-received-response-extractor.ts.
 */
export function defaultWebhookAnswer(
	result: { workflowData?: unknown; webhookResponse?: unknown },
	responseData: unknown = 'firstEntryJson',
): { status: number; body: unknown } {
	if (result.workflowData !== undefined) {
		if (responseData === 'noData') return { status: 200, body: undefined };
		if (responseData) return { status: 200, body: responseData };
	}
	if (result.webhookResponse !== undefined) return { status: 200, body: result.webhookResponse };
	const message: IDataObject = {
		message: result.workflowData === undefined ? 'Webhook call received' : 'Workflow was started',
	};
	return { status: 200, body: message };
}
