import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The official `svix` library, run in a worker thread. svix 2.x ships as
 * ES modules only, and jest (CommonJS, Node 20) cannot load ES modules in
 * its sandbox; a worker thread is a plain Node environment where Node's own
 * require() loads it. One worker per process, started on first use; it never
 * keeps the process alive, and it is stopped after a second without work
 * (jest loads this module afresh in every test file, and threads would pile up).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { Webhook } = createRequire(workerData.anchor)('svix');
parentPort.on('message', (request) => {
	try {
		if (request.op === 'sign') {
			const signatures = request.secrets.map((secret) =>
				new Webhook(secret).sign(request.msgId, new Date(request.timestampMs), request.payload));
			parentPort.postMessage({ id: request.id, result: signatures.join(' ') });
		} else {
			new Webhook(request.secret).verify(request.payload, request.headers);
			parentPort.postMessage({ id: request.id, result: 'ok' });
		}
	} catch (error) {
		parentPort.postMessage({ id: request.id, error: String(error && error.message || error) });
	}
});
`;

interface Pending {
	resolve: (value: string) => void;
	reject: (error: Error) => void;
}

const IDLE_STOP_MS = 1000;

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function stopWhenIdle(active: Worker): void {
	active.unref();
	clearTimeout(idleTimer);
	idleTimer = setTimeout(() => {
		if (worker !== active || pending.size > 0) return;
		worker = undefined;
		void active.terminate();
	}, IDLE_STOP_MS);
	idleTimer.unref();
}

function getWorker(): Worker {
	if (worker) return worker;
	const anchor = path.resolve(__dirname, '../../package.json');
	const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { anchor } });
	started.on('message', (message: { id: number; result?: string; error?: string }) => {
		const waiter = pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (pending.size === 0) stopWhenIdle(started);
		if (message.error !== undefined) waiter.reject(new Error(message.error));
		else waiter.resolve(message.result ?? '');
	});
	started.on('error', (error) => {
		for (const waiter of pending.values()) waiter.reject(error);
		pending.clear();
		if (worker === started) worker = undefined;
	});
	started.unref();
	worker = started;
	return started;
}

function call(request: Record<string, unknown>): Promise<string> {
	const active = getWorker();
	clearTimeout(idleTimer);
	const id = nextId++;
	return new Promise<string>((resolve, reject) => {
		pending.set(id, { resolve, reject });
		active.ref();
		active.postMessage({ ...request, id });
	});
}

/** The `svix-signature` value for a message: one `v1,<base64>` per secret, space-separated. */
export function signWithSvix(secrets: string[], msgId: string, timestampMs: number, payload: string): Promise<string> {
	return call({ op: 'sign', secrets, msgId, timestampMs, payload });
}

/** Svix's own Webhook.verify; rejects with svix's message when the delivery does not verify. */
export async function verifyWithSvix(secret: string, payload: string, headers: Record<string, string>): Promise<void> {
	await call({ op: 'verify', secret, payload, headers });
}
