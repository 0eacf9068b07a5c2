import { sleep } from 'n8n-workflow';

/** Rejection reason of abortableSleep when the execution is cancelled. */
export class ExecutionCancelledError extends Error {
	constructor() {
		super('The execution was canceled');
		this.name = 'ExecutionCancelledError';
	}
}

/**
 * Waits `ms`, or less if the execution is cancelled. Built on n8n-workflow's
 * `sleep` (n8n asks nodes not to use timers directly); `sleepWithAbort` is
 * not in every n8n version we support, so the abort is raced here.
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) return await Promise.reject(new ExecutionCancelledError());
	if (ms <= 0) return;
	if (!signal) return await sleep(ms);
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(new ExecutionCancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), aborted]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}
