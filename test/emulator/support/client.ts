import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../emulator';

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body, or undefined when the body is not JSON. */
	json: any;
}

export interface RequestOptions {
	/** JSON body. */
	body?: unknown;
	/** Raw body (sent as is). */
	raw?: Buffer;
	headers?: Record<string, string>;
	/** The bearer key to send; null sends none. Default: the emulator's key. */
	key?: string | null;
}

async function toReply(response: Response): Promise<Reply> {
	const text = await response.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

/** Real HTTP against a running emulator, with its key by default. */
export function apiClient(emulator: RunningEmulator) {
	const request = async (method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<Reply> => {
		const headers: Record<string, string> = { ...(options.headers ?? {}) };
		const key = options.key === undefined ? emulator.apiKey : options.key;
		if (key !== null) headers.Authorization = `Bearer ${key}`;
		let body: string | Buffer | undefined = options.raw;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['Content-Type'] ??= 'application/json';
		}
		const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${emulator.url}${pathOrUrl}`;
		return toReply(await fetch(url, { method, headers, body }));
	};
	return {
		request,
		get: (path: string, options?: RequestOptions) => request('GET', path, options),
		post: (path: string, body?: unknown, options?: RequestOptions) => request('POST', path, { ...options, body }),
		patch: (path: string, body?: unknown, options?: RequestOptions) => request('PATCH', path, { ...options, body }),
		delete: (path: string, options?: RequestOptions) => request('DELETE', path, options),
	};
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Fast automatic timing, so state changes happen within a few tens of milliseconds. */
export const FAST_TIMING = { assetProcessingMs: 20, cutProcessingMs: 20, renderProcessingMs: 20 };

/**
 * One emulator per test file, reset before every test so tests never see
 * each other's data. Read `.emulator` and `.api` inside tests.
 */
export function useEmulator(options: EmulatorOptions = {}) {
	const context = {} as { emulator: RunningEmulator; api: ApiClient };
	beforeAll(async () => {
		context.emulator = await startEmulator({ timing: FAST_TIMING, ...options });
		context.api = apiClient(context.emulator);
	});
	beforeEach(() => context.emulator.control.reset());
	afterAll(async () => {
		await context.emulator?.close();
	});
	return context;
}

/** Polls until `read` returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T | undefined | false>, timeoutMs = 3000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value) return value;
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
