import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FaultRule, FaultSet } from '../faults';
import type { RecordedRequest } from '../http/request-log';
import type { StoredUpload } from '../running-emulator';
import type { DeliveryRecord } from '../webhooks/dispatcher';
import type { EmulatorControl } from './control-api';
import { seedFromJson } from './seed-json';

export interface ControlHttpDeps {
	control: EmulatorControl;
	faults: FaultSet;
	requests: RecordedRequest[];
	deliveries: DeliveryRecord[];
	contractViolations: string[];
	storedUpload(assetId: string): StoredUpload;
	restart(downMs?: number): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<any> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8').trim();
	return text ? JSON.parse(text) : {};
}

function send(res: ServerResponse, status: number, body?: unknown): void {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

/** A fault rule from JSON: `path` is a glob, `pathRegex` a regular expression source. */
function faultFromJson(body: Record<string, unknown>): FaultRule {
	const { pathRegex, ...rest } = body;
	const rule = { ...rest } as unknown as FaultRule;
	if (typeof pathRegex === 'string') rule.path = new RegExp(pathRegex);
	if (typeof rule.path !== 'string' && !(rule.path instanceof RegExp)) throw new Error('a fault rule needs path or pathRegex');
	return rule;
}

/**
 * The same levers as the module API, over HTTP under /__emulator/, for
 * tests that drive an emulator in another process (the upload benchmark,
 * real-n8n end-to-end tests). Local and unauthenticated by design.
 */
export function createControlHttp(deps: ControlHttpDeps) {
	const { control } = deps;
	const methods = new Set(Object.keys(control));

	return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
		const path = url.pathname.replace(/^\/__emulator/, '');
		const method = req.method ?? 'GET';
		res.setHeader('Cache-Control', 'no-store');
		try {
			if (method === 'GET' && path === '/state') return send(res, 200, control.snapshot());
			if (method === 'GET' && path === '/requests') {
				const since = Number(url.searchParams.get('since') ?? 0);
				return send(res, 200, { items: deps.requests.slice(since), next: deps.requests.length });
			}
			if (method === 'DELETE' && path === '/requests') {
				deps.requests.length = 0;
				return send(res, 204);
			}
			if (method === 'GET' && path === '/faults') return send(res, 200, { items: deps.faults.list().map((rule) => ({ ...rule, path: String(rule.path) })) });
			if (method === 'POST' && path === '/faults') {
				deps.faults.add(faultFromJson(await readJson(req)));
				return send(res, 201, { ok: true });
			}
			if (method === 'DELETE' && path === '/faults') {
				deps.faults.clear();
				return send(res, 204);
			}
			if (method === 'POST' && path === '/reset') {
				control.reset();
				return send(res, 204);
			}
			if (method === 'POST' && path === '/restart') {
				// Answer first: the restart drops this very connection.
				const { downMs } = await readJson(req);
				send(res, 202, { ok: true });
				setTimeout(() => void deps.restart(Number(downMs ?? 0)), 10);
				return;
			}
			if (method === 'POST' && path === '/seed') return send(res, 201, seedFromJson(control, await readJson(req)));
			if (method === 'GET' && path === '/webhook-deliveries') return send(res, 200, { items: deps.deliveries });
			if (method === 'GET' && path === '/contract-violations') return send(res, 200, { items: deps.contractViolations });
			const upload = /^\/uploads\/([^/]+)$/.exec(path);
			if (method === 'GET' && upload) return send(res, 200, deps.storedUpload(decodeURIComponent(upload[1])));
			const call = /^\/control\/(\w+)$/.exec(path);
			if (method === 'POST' && call && methods.has(call[1])) {
				const body = await readJson(req);
				const args: unknown[] = Array.isArray(body.args) ? body.args : [];
				const fn = (control as unknown as Record<string, (...values: unknown[]) => unknown>)[call[1]];
				const result = await fn(...args);
				return send(res, 200, { result: result ?? null });
			}
			return send(res, 404, { error: `no control route ${method} ${path}` });
		} catch (error) {
			return send(res, 400, { error: error instanceof Error ? error.message : String(error) });
		}
	};
}
