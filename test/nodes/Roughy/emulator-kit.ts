/**
 * What every Roughy action-node test needs: an emulator per test file, a
 * clean emulator per test, a way to run the node against it, and the API
 * calls the emulator saw. Resource-specific fixtures live beside the tests.
 */
import type { INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { startEmulator, type EmulatorOptions, type RecordedRequest, type RunningEmulator } from '../../../emulator';
import { runRoughyNode, type RunRoughyNodeOptions, type RoughyNodeResult } from '../../harness';

export interface ApiCall {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
}

/** Signed-URL requests also show whether they carried a Roughy key (they must not). */
export interface StorageCall extends ApiCall {
	authorization: boolean;
	status: number | null;
}

export interface EmulatorKit {
	emulator(): RunningEmulator;
	/** Runs the Roughy node with these parameters and the emulator's credential. */
	run(
		parameters: INodeParameters,
		options?: Omit<RunRoughyNodeOptions, 'parameters' | 'credentials'> & { apiKey?: string },
	): Promise<RoughyNodeResult>;
	/** Calls to the /v1 API (not the storage host), oldest first. */
	apiCalls(): ApiCall[];
	/** JSON bodies sent to the API, oldest first. */
	apiBodies(): unknown[];
	/** Calls to the signed-URL storage host, oldest first. */
	storageCalls(): StorageCall[];
}

/**
 * Starts an emulator for the test file and resets it before each test.
 * Timing is manual: a seeded asset, cut or render stays in its state until a
 * test moves it, so results never depend on how busy the machine is.
 */
export function useEmulator(options: EmulatorOptions = {}): EmulatorKit {
	let emulator: RunningEmulator | undefined;
	beforeAll(async () => {
		emulator = await startEmulator({ timing: 'manual', ...options });
	});
	beforeEach(() => emulator!.control.reset());
	afterAll(async () => {
		await emulator?.close();
	});

	const recorded = (surface: 'api' | 'storage') =>
		emulator!.requests.filter((request) => request.surface === surface);

	return {
		emulator: () => emulator!,
		run: async (parameters, options = {}) => {
			const { apiKey, ...rest } = options;
			return await runRoughyNode({
				parameters,
				credentials: { baseUrl: emulator!.url, apiKey: apiKey ?? emulator!.apiKey },
				...rest,
			});
		},
		apiCalls: () => recorded('api').map(({ method, path, query }) => ({ method, path, query })),
		apiBodies: () => recorded('api').map((request) => request.body),
		storageCalls: () =>
			recorded('storage').map(({ method, path, query, headers, status }) => ({
				method,
				path,
				query,
				authorization: headers.authorization !== undefined,
				status,
			})),
	};
}

/** A resource locator set "By ID", as the editor saves it. */
export function byId(id: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value: id };
}

/** A resource locator picked "From list". */
export function fromList(id: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'list', value: id };
}

/** A well-formed id that no Roughy account has. */
export const UNKNOWN_ID = '019de7f7-0000-7000-8000-000000000000';

/** A timestamp `days` days before now, in Roughy's form (microseconds, UTC), for seeding. */
export function daysAgo(days: number): string {
	return new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString().replace(/Z$/, '000Z');
}

/** The parameters of one operation of `resource`, as the editor saves them: `asset('get', { assetId })`. */
export function operationOf(resource: string) {
	return (operation: string, fields: INodeParameters = {}): INodeParameters => ({ resource, operation, ...fields });
}

/** "Wait for Completion" as a user sets it in tests: check every second. */
export const waitFields = { waitForCompletion: true, waitOptions: { checkEverySeconds: 1 } };

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
