import type { IncomingMessage, ServerResponse } from 'node:http';

import { requireBearer } from './auth';
import type { EmulatorCore } from './core';
import { ApiError } from './errors';
import { faultResponse, lyingResponse, rewriteAnswer, rewritesAnswer } from './fault-responses';
import { describeFault, type FaultRule, type FaultSet } from './faults';
import { ConnectionDropped, type RequestContext } from './http/context';
import { appendBounded, recordRequest, type RecordedRequest } from './http/request-log';
import { jsonResponse, type EmulatorResponse } from './http/response';
import type { Route, Router } from './http/router';
import { sendResponse } from './http/send';
import { randomAlphanumeric } from './ids';
import type { RateLimiter } from './rate-limit';

export interface Surface {
	name: RecordedRequest['surface'];
	router: Router;
}

export interface PipelineDeps {
	core: EmulatorCore;
	faults: FaultSet;
	rateLimiter: () => RateLimiter | null;
	origins: (req: IncomingMessage) => { api: string; storage: string };
	/** Answers /__emulator/… on the API listener; those requests bypass auth, faults and the log. */
	control?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
	/** Called with every answered /v1 response when contract checking is on. */
	checkContract?: (route: Route, response: EmulatorResponse) => void;
}

function hasBody(req: IncomingMessage): boolean {
	return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function errorResponse(error: ApiError): EmulatorResponse {
	return jsonResponse(error.status, error.toEnvelope(), error.headers);
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The request pipeline shared by the API and storage listeners: request id
 * and log, fault rules, rate limit, routing, bearer auth, the handler, the
 * contract check, then the answer.
 */
export function createRequestListener(surface: Surface, deps: PipelineDeps) {
	const { core, faults } = deps;

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const startedMs = Date.now();
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		if (deps.control && url.pathname.startsWith('/__emulator/')) return deps.control(req, res, url);

		const requestId = `req_${randomAlphanumeric(24)}`;
		const method = (req.method ?? 'GET').toUpperCase();
		const record = recordRequest(req, requestId, core.clock.timestamp(), surface.name, url);
		appendBounded(core.requests, record);
		const finish = (status: number | null) => {
			record.status = status;
			record.durationMs = Date.now() - startedMs;
		};
		const drop = () => {
			req.socket?.destroy();
			finish(null);
		};
		res.setHeader('X-Request-Id', requestId);

		const fault = faults.take(method, url.pathname);
		if (fault) record.fault = describeFault(fault);
		if (fault?.requestId !== undefined) res.setHeader('X-Request-Id', fault.requestId);
		if (fault?.delay) await sleep(fault.delay);
		if (fault?.hang) {
			await new Promise<void>((resolve) => res.on('close', () => resolve()));
			return finish(null);
		}
		for (const name of fault?.ignoreQuery ?? []) url.searchParams.delete(name);
		if (fault && fault.when !== 'after' && !rewritesAnswer(fault)) {
			if (fault.reset || (fault.resetAfterBytes !== undefined && !hasBody(req))) return drop();
			const lie = lyingResponse(fault, req.headers);
			if (lie) {
				// The body is read and dropped, as a server that stores nothing would.
				for await (const _chunk of req) void _chunk;
				return answerWithFault(res, fault, lie, finish);
			}
			const replaced = faultResponse(fault);
			if (replaced) return answerWithFault(res, fault, replaced, finish);
		}

		let route: Route | undefined;
		let response: EmulatorResponse;
		const extraHeaders: Record<string, string> = {};
		try {
			const match = surface.router.match(method, url.pathname);
			if (match && 'route' in match) route = match.route;
			const limiter = surface.name === 'api' ? deps.rateLimiter() : null;
			if (limiter) {
				const decision = limiter.take(core.clock.nowMs());
				Object.assign(extraHeaders, decision.headers);
				if (!decision.allowed) {
					throw new ApiError('rate_limited', 'Too many requests; retry after the time in Retry-After.', undefined, {
						'Retry-After': String(decision.retryAfterSeconds),
					});
				}
			}
			if (!match) throw new ApiError('not_found', `No route for ${method} ${url.pathname}.`);
			if ('methodMismatch' in match) {
				response = jsonResponse(
					405,
					{ error: { code: 'bad_request', message: `${method} is not allowed here.` } },
					{ Allow: match.methodMismatch.join(', ') },
				);
			} else {
				const matched = match.route;
				if (matched.authenticated) requireBearer(req, core.options.apiKey);
				const origins = deps.origins(req);
				const ctx: RequestContext = {
					req,
					method,
					url,
					path: url.pathname,
					query: url.searchParams,
					params: match.params,
					requestId,
					record,
					dropAfterBodyBytes: fault?.when !== 'after' ? (fault?.resetAfterBytes ?? null) : null,
					apiOrigin: origins.api,
					storageOrigin: origins.storage,
				};
				response = await matched.handler(ctx);
			}
		} catch (error) {
			if (error instanceof ConnectionDropped || (req.socket?.destroyed ?? true)) return drop();
			if (error instanceof ApiError) {
				response = errorResponse(error);
			} else {
				console.error(`[roughy-emulator] ${method} ${url.pathname} failed:`, error);
				response = errorResponse(new ApiError('internal_error', 'Something went wrong on our side.'));
			}
		}

		if (fault?.when === 'after') {
			if (fault.reset || fault.resetAfterBytes !== undefined) return drop();
			const replaced = faultResponse(fault);
			if (replaced) return answerWithFault(res, fault, replaced, finish);
		}
		if (fault && rewritesAnswer(fault)) response = rewriteAnswer(fault, response);
		response.headers = { ...extraHeaders, ...(response.headers ?? {}) };
		if (route && deps.checkContract) deps.checkContract(route, response);
		await sendResponse(res, response);
		finish(response.status);
	}

	return (req: IncomingMessage, res: ServerResponse) => {
		handle(req, res).catch((error) => {
			console.error('[roughy-emulator] request pipeline failed:', error);
			if (!res.headersSent) {
				res.statusCode = 500;
				res.end();
			} else {
				res.destroy();
			}
		});
	};
}

async function answerWithFault(
	res: ServerResponse,
	fault: FaultRule,
	response: EmulatorResponse,
	finish: (status: number) => void,
): Promise<void> {
	if (fault.htmlError) res.removeHeader('X-Request-Id');
	await sendResponse(res, response);
	finish(response.status);
}
