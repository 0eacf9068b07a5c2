import { Readable } from 'node:stream';

import { ApiError, type ErrorCode } from './errors';
import type { FaultRule } from './faults';
import type { EmulatorResponse } from './http/response';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
	429: 'rate_limited',
	500: 'internal_error',
	502: 'upstream_error',
	503: 'upstream_unavailable',
	504: 'upstream_unavailable',
};

const DEFAULT_HUGE_BODY_BYTES = 8 * 1024 * 1024;

function htmlPage(status: number): string {
	const title = status === 504 ? '504 Gateway Time-out' : status === 503 ? '503 Service Temporarily Unavailable' : `${status} Bad Gateway`;
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A stream of `size` bytes of filler text, so a huge error body never sits in memory. */
function fillerStream(size: number): Readable {
	const line = Buffer.from('upstream said something very long and unhelpful; '.repeat(20) + '\n');
	let left = size;
	return new Readable({
		read() {
			if (left <= 0) return void this.push(null);
			const chunk = left >= line.length ? line : line.subarray(0, left);
			left -= chunk.length;
			this.push(chunk);
		},
	});
}

/** The answer a fault rule stands in for, or undefined when the rule only delays or drops. */
export function faultResponse(rule: FaultRule): EmulatorResponse | undefined {
	if (rule.htmlError) {
		const status = rule.status ?? 502;
		// A proxy's page: HTML, no envelope (the server also drops X-Request-Id for it).
		return { status, headers: { 'Content-Type': 'text/html' }, body: htmlPage(status) };
	}
	if (rule.hugeBody) {
		const size = typeof rule.hugeBody === 'number' ? rule.hugeBody : DEFAULT_HUGE_BODY_BYTES;
		return { status: rule.status ?? 502, headers: { 'Content-Type': 'text/plain', 'Content-Length': size }, body: fillerStream(size) };
	}
	if (rule.status) {
		const code = rule.code ?? CODE_FOR_STATUS[rule.status] ?? 'internal_error';
		const headers: Record<string, string> = {};
		if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
		else if (rule.status === 429) headers['Retry-After'] = '1';
		const error = new ApiError(code, rule.message ?? defaultMessage(code), undefined, headers);
		return { status: rule.status, json: error.toEnvelope(), headers };
	}
	return undefined;
}

function defaultMessage(code: ErrorCode): string {
	switch (code) {
		case 'rate_limited':
			return 'Too many requests; retry after the time in Retry-After.';
		case 'upstream_error':
			return 'A dependency answered badly; try again shortly.';
		case 'upstream_unavailable':
			return 'A dependency is unavailable; try again shortly.';
		case 'account_locked':
			return 'This account is locked.';
		default:
			return 'Something went wrong on our side.';
	}
}

/** The lying server's answers that replace processing: a header echoed back, or a PATCH that never advances. */
export function lyingResponse(rule: FaultRule, headers: Record<string, string | string[] | undefined>): EmulatorResponse | undefined {
	if (rule.echoHeader) {
		const name = rule.echoHeader.toLowerCase();
		const value = String(headers[name] ?? '');
		const status = rule.status ?? 400;
		if (!rule.code) {
			return { status, headers: { 'Content-Type': 'text/plain' }, body: `Bad request. Received header ${name}: ${value}` };
		}
		const error = new ApiError(rule.code, `Could not process the request with ${name}: ${value}`, [
			{ field: `header.${name}`, message: `unexpected value ${value}` },
		]);
		return { status, json: error.toEnvelope() };
	}
	if (rule.uploadOffset === 'unchanged') {
		return {
			status: 204,
			headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(headers['upload-offset'] ?? '0') },
		};
	}
	return undefined;
}

/** The lying server's rewrites of a processed answer: another offset or total, or the body dropped. */
export function rewriteAnswer(rule: FaultRule, response: EmulatorResponse): EmulatorResponse {
	let rewritten = response;
	if (typeof rule.uploadOffset === 'number' && response.status < 300) {
		rewritten = { ...rewritten, headers: { ...rewritten.headers, 'Upload-Offset': String(rule.uploadOffset) } };
	}
	if (rule.total !== undefined && rewritten.json && typeof rewritten.json === 'object') {
		rewritten = { ...rewritten, json: { ...(rewritten.json as Record<string, unknown>), total: rule.total } };
	}
	if (rule.emptyAnswer !== undefined && response.status < 300) {
		rewritten = { status: rule.emptyAnswer, headers: rewritten.headers };
	}
	return rewritten;
}

/** Whether the rule changes a processed answer (so the request must be processed first). */
export function rewritesAnswer(rule: FaultRule): boolean {
	return typeof rule.uploadOffset === 'number' || rule.total !== undefined || rule.emptyAnswer !== undefined;
}
