import type { RecordedRequest, RunningEmulator } from '../../../../emulator';

/**
 * Resolves once the emulator has answered a matching request, so a test can
 * move an entity (fail a render, finish an asset) at a precise point while
 * the node is still running. Works with the emulator's manual timing, where
 * nothing changes state unless the test says so.
 */
export async function whenAnswered(
	emulator: RunningEmulator,
	match: { method: string; path: string | RegExp; status: number },
	timeoutMs = 10_000,
): Promise<RecordedRequest> {
	const deadline = Date.now() + timeoutMs;
	const matches = (request: RecordedRequest) =>
		request.method === match.method &&
		request.status === match.status &&
		(typeof match.path === 'string' ? request.path === match.path : match.path.test(request.path));
	for (;;) {
		const found = emulator.requests.find(matches);
		if (found) return found;
		if (Date.now() > deadline) {
			throw new Error(`No ${match.method} ${String(match.path)} answered ${match.status} within ${timeoutMs} ms`);
		}
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
