import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { type WriteStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { type InstallMethod, installPackage } from './install-package';
import { type N8nRuntime, assertRuntimeInstalled, repoRoot } from './runtime';

const run = promisify(execFile);

/**
 * Where each instance's user folder, database and log live: outside the
 * repository, as on a user's machine. Inside it, Node's module resolution
 * from the installed package would walk up to the repository's own
 * node_modules and load our dev copy of n8n-workflow instead of n8n's
 * (then, e.g., n8n's `instanceof` checks on our errors fail).
 */
export const e2eCacheDir = path.join(os.tmpdir(), 'n8n-nodes-roughy-e2e');

export interface N8nStartOptions {
	/** A packed community package (`.tgz`) to install before n8n starts. */
	packageTarball?: string;
	/** How to install it: as n8n's community-package installer does (default), or as the README's manual path says. */
	installMethod?: InstallMethod;
	/** Extra environment for n8n, e.g. `N8N_SSRF_ALLOWED_HOSTNAMES`. */
	env?: Record<string, string>;
	/** Milliseconds to wait for `/healthz/readiness`. */
	readyTimeoutMs?: number;
	/**
	 * Which n8n process (queue mode, see test/e2e/queue/): `start` (default) is
	 * the main process and gets an owner and an API key; a `worker` answers
	 * only its health check, which then gets the port; a `webhook` process
	 * only webhooks and health checks.
	 */
	command?: 'start' | 'worker' | 'webhook';
	/** Arguments after the command, e.g. `--concurrency=2`. */
	args?: string[];
	/** The port to listen on, when other processes must know it first; default a free one. */
	port?: number;
}

export interface WorkflowInput {
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	staticData?: Record<string, unknown>;
}

/** The execution as the public API returns it with `includeData=true`. */
export interface Execution {
	id: string | number;
	status: 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | 'unknown';
	finished: boolean;
	mode: string;
	workflowId: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
			error?: { message: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

export interface LogEntry {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: Record<string, unknown>;
	[key: string]: unknown;
}

const FINISHED_STATUSES = new Set(['success', 'error', 'canceled', 'crashed']);
// n8n binds the auth cookie to a hash of this header (AuthService.validateBrowserId).
const BROWSER_ID = 'n8n-nodes-roughy-e2e';

/**
 * One real `n8n start` process on loopback, with its own user folder and
 * SQLite database, an owner account and a public-API key created for it.
 *
 * Access: the owner is created through `POST /rest/owner/setup` (the only
 * unauthenticated way in on a fresh instance, and what the setup page does);
 * that session creates a public-API key. Credentials, workflows, publishing
 * and executions then go through the documented public API (`/api/v1`); the
 * one thing it cannot do, a manual run of a Manual Trigger workflow, goes
 * through the editor's `POST /rest/workflows/:id/run`. Using the running
 * server rather than the CLI (`import:*`, `execute`) keeps one process, one
 * database writer and one task-runner broker, and works for triggers too.
 */
export class N8nInstance {
	/** The owner's login, generated per run and kept in memory only (e.g. for a browser sign-in). */
	owner = { email: 'owner@roughy-e2e.local', password: '' };
	private authCookie = '';
	private apiKey = '';
	private exited: Promise<void>;

	private constructor(
		/** Which n8n this is (its line and version). */
		readonly runtime: N8nRuntime,
		readonly baseUrl: string,
		readonly port: number,
		readonly userFolder: string,
		readonly logPath: string,
		private readonly child: ChildProcess,
		log: WriteStream,
		private readonly command: 'start' | 'worker' | 'webhook' = 'start',
	) {
		// 'close' (not 'exit') and then the log's 'finish': by then every line
		// n8n printed is in the file, for the error message and the tests.
		this.exited = new Promise((resolve) => child.once('close', () => log.end(resolve)));
	}

	static async start(options: N8nStartOptions = {}): Promise<N8nInstance> {
		const runtime = assertRuntimeInstalled();
		const userFolder = path.join(e2eCacheDir, `${Date.now()}-${randomBytes(3).toString('hex')}`);
		mkdirSync(path.join(userFolder, '.n8n', 'nodes'), { recursive: true });
		if (options.packageTarball) await installPackage(userFolder, options.packageTarball, options.installMethod ?? 'n8n-installer');

		const [port, brokerPort] = [options.port ?? (await freePort()), await freePort()];
		const baseUrl = `http://127.0.0.1:${port}`;
		const logPath = path.join(userFolder, 'n8n.log');
		const log = createWriteStream(logPath);
		const command = options.command ?? 'start';
		const workerHealth: Record<string, string> =
			command === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' } : {};
		const child = spawn(runtime.node24Bin, [runtime.n8nBin, command, ...(options.args ?? [])], {
			cwd: userFolder,
			env: n8nEnvironment(runtime, userFolder, port, brokerPort, baseUrl, { ...workerHealth, ...options.env }),
			stdio: ['ignore', 'pipe', 'pipe'],
			// Own process group, so stop() can also reach the task runner it spawns.
			detached: true,
		});
		child.stdout!.pipe(log, { end: false });
		child.stderr!.pipe(log, { end: false });

		const instance = new N8nInstance(runtime, baseUrl, port, userFolder, logPath, child, log, command);
		try {
			await instance.waitUntilReady(options.readyTimeoutMs ?? 180_000);
			if (command === 'start') await instance.setUpOwnerAndApiKey();
		} catch (error) {
			await instance.stop({ keepFolder: true });
			throw new Error(`${(error as Error).message}\n--- n8n log (${logPath}) ---\n${instance.logTail()}`);
		}
		return instance;
	}

	/** The n8n process's id (its task runner is a child of it). */
	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Everything n8n wrote to stdout and stderr so far. */
	log(): string {
		return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8') : '';
	}

	/** The structured log lines (N8N_LOG_FORMAT=json); the few plain lines the CLI prints itself are skipped. */
	logEntries(): LogEntry[] {
		return this.log()
			.split('\n')
			.filter((line) => line.startsWith('{'))
			.flatMap((line) => {
				try {
					return [JSON.parse(line) as LogEntry];
				} catch {
					return [];
				}
			});
	}

	/** Log entries at level error, e.g. a community package that failed to load. */
	errorLogs(): LogEntry[] {
		return this.logEntries().filter((entry) => entry.level === 'error');
	}

	logTail(lines = 60): string {
		return this.log().split('\n').slice(-lines).join('\n');
	}

	/** Stops n8n (SIGTERM, then SIGKILL after a grace period) and removes its folder unless asked to keep it. */
	async stop({ keepFolder = process.env.N8N_E2E_KEEP === '1' } = {}): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			signalGroup(this.child, 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const killed = await Promise.race([
				this.exited.then(() => false),
				new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 20_000))),
			]);
			clearTimeout(timer);
			if (killed) {
				signalGroup(this.child, 'SIGKILL');
				await this.exited;
			}
		}
		// The task runner may outlive its parent by a moment.
		signalGroup(this.child, 'SIGKILL');
		await this.exited;
		if (!keepFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** Public API (`/api/v1`) with the instance's API key. */
	async api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T> {
		return await this.request<T>(method, `/api/v1${apiPath}`, body, { 'X-N8N-API-KEY': this.apiKey });
	}

	/** The editor's internal REST API (`/rest`) as the owner. */
	async rest<T = unknown>(method: string, restPath: string, body?: unknown): Promise<T> {
		const response = await this.request<{ data: T }>(method, `/rest${restPath}`, body, this.sessionHeaders());
		return response.data;
	}

	async createCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string }> {
		// n8n 1.x adds "Allowed HTTP Request Domains" to every credential, and its
		// public API's schema then demands the domain list unless the choice is
		// given (the editor always sends its default, "all").
		const data = this.runtime.line === 1 ? { allowedHttpRequestDomains: 'all', ...credential.data } : credential.data;
		return await this.api('POST', '/credentials', { ...credential, data });
	}

	async createWorkflow(workflow: WorkflowInput): Promise<{ id: string }> {
		// The public API rejects read-only fields (id, active, tags…), so send only what it accepts.
		// 1.x's schema has no pinData at all, so an empty one (as exported workflows carry) is left out.
		const { name, nodes, connections, settings = { executionOrder: 'v1' }, pinData, staticData } = workflow;
		const pins = pinData && Object.keys(pinData).length > 0 ? { pinData } : {};
		return await this.api('POST', '/workflows', { name, nodes, connections, settings, ...pins, staticData });
	}

	/** Publishes (1.x: activates) a workflow, registering its trigger and production webhooks. */
	async publishWorkflow(workflowId: string): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/${this.runtime.line === 2 ? 'publish' : 'activate'}`, {});
	}

	/** Unpublishes (1.x: deactivates) a workflow, removing its trigger and production webhooks. */
	async unpublishWorkflow(workflowId: string): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/${this.runtime.line === 2 ? 'unpublish' : 'deactivate'}`, {});
	}

	/**
	 * The production URL n8n serves a webhook node's `path` on: by the node's
	 * webhookId, or (a node created without one, as 1.x's public API leaves
	 * it) by workflow id and node name, as n8n's getNodeWebhookPath builds it.
	 */
	productionWebhookUrl(workflowId: string, node: { name: string; webhookId?: unknown }, webhookPath = 'webhook'): string {
		const prefix = typeof node.webhookId === 'string' ? node.webhookId : `${workflowId}/${encodeURIComponent(node.name.toLowerCase())}`;
		return `${this.baseUrl}/webhook/${prefix}/${webhookPath}`;
	}

	/** Runs a workflow as the editor's "Execute workflow" button does, from the given trigger, and waits for the result. */
	async runManually(workflowId: string, triggerNodeName: string, timeoutMs = 60_000): Promise<Execution> {
		// 2.x runs the stored workflow; 1.x wants it in the body, as its editor sends it.
		const workflowData = this.runtime.line === 1 ? await this.api('GET', `/workflows/${workflowId}`) : undefined;
		const started = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{ ...(workflowData ? { workflowData } : {}), triggerToStartFrom: { name: triggerNodeName } },
		);
		if (!started.executionId) {
			throw new Error(`n8n did not start the workflow: ${JSON.stringify(started)}`);
		}
		return await this.waitForExecution(started.executionId, timeoutMs);
	}

	async getExecution(executionId: string | number): Promise<Execution> {
		return await this.api('GET', `/executions/${executionId}?includeData=true`);
	}

	/** Polls until the execution has finished (successfully or not). */
	async waitForExecution(executionId: string | number, timeoutMs = 60_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.getExecution(executionId).catch(() => undefined);
			if (execution && FINISHED_STATUSES.has(execution.status)) return execution;
			if (Date.now() > deadline) {
				throw new Error(`Execution ${executionId} did not finish within ${timeoutMs} ms (status ${execution?.status})`);
			}
			await sleep(250);
		}
	}

	/** Executions of one workflow, newest first (without data). */
	async listExecutions(workflowId: string): Promise<Execution[]> {
		const page = await this.api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}`);
		return page.data;
	}

	/** The node types the editor knows, e.g. to check a community package registered its nodes. */
	async nodeTypeNames(): Promise<string[]> {
		const types = await this.request<Array<{ name: string }>>('GET', '/types/nodes.json', undefined, this.sessionHeaders());
		return [...new Set(types.map((type) => type.name))];
	}

	/** The credential types the editor knows. */
	async credentialTypeNames(): Promise<string[]> {
		const types = await this.request<Array<{ name: string }>>('GET', '/types/credentials.json', undefined, this.sessionHeaders());
		return types.map((type) => type.name);
	}

	private sessionHeaders(): Record<string, string> {
		return { cookie: this.authCookie, 'browser-id': BROWSER_ID };
	}

	private async request<T>(method: string, urlPath: string, body: unknown, headers: Record<string, string>): Promise<T> {
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new N8nHttpError(`${method} ${urlPath}`, response.status, text);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	private async waitUntilReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child.exitCode !== null || this.child.signalCode !== null) {
				throw new Error(`n8n exited during start-up (code ${this.child.exitCode}, signal ${this.child.signalCode})`);
			}
			// /healthz answers as soon as Express listens; readiness waits for the database.
			const ready = await fetch(`${this.baseUrl}/healthz/readiness`).then((r) => r.ok, () => false);
			// /rest/settings answers JSON only once the REST routes are registered (1.x
			// reports ready before that, and on Postgres while migrations still run).
			const routed =
				ready &&
				(this.command !== 'start' ||
					(await fetch(`${this.baseUrl}/rest/settings`).then(
						(r) => r.ok && (r.headers.get('content-type') ?? '').includes('application/json'),
						() => false,
					)));
			if (routed) return;
			await sleep(500);
		}
		throw new Error(`n8n was not ready within ${timeoutMs} ms`);
	}

	private async setUpOwnerAndApiKey(): Promise<void> {
		// Per run and never written anywhere; n8n wants a digit and an upper-case letter.
		this.owner.password = `E2e${randomBytes(12).toString('base64url')}9`;
		const owner = { ...this.owner, firstName: 'E2E', lastName: 'Owner' };
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`owner setup → ${response.status}: ${await response.text()}`);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('owner setup returned no n8n-auth cookie');
		this.authCookie = cookie.split(';')[0];

		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const key = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label: `e2e ${randomUUID().slice(0, 8)}`,
			scopes,
			expiresAt: null,
		});
		this.apiKey = key.rawApiKey;
	}
}

/** n8n answered an API call with an error status; `n8nMessage` is the message n8n put in its JSON body. */
export class N8nHttpError extends Error {
	readonly n8nMessage?: string;

	constructor(
		readonly call: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${call} → ${status}: ${body.slice(0, 500)}`);
		try {
			this.n8nMessage = (JSON.parse(body) as { message?: string }).message;
		} catch {
			// Not JSON (e.g. the editor's HTML for an unknown route).
		}
	}
}

/**
 * Builds the package and packs it as npm would publish it. Returns the tarball path.
 * Set N8N_E2E_SKIP_BUILD=1 to pack an existing dist/ as is.
 */
export async function packPackage(): Promise<string> {
	if (process.env.N8N_E2E_SKIP_BUILD !== '1') {
		await run('npm', ['run', 'build'], { cwd: repoRoot, maxBuffer: 32 * 1024 * 1024 });
	}
	const destination = path.join(e2eCacheDir, 'pack');
	mkdirSync(destination, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: repoRoot });
	const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
	return path.join(destination, filename);
}

function n8nEnvironment(
	runtime: N8nRuntime,
	userFolder: string,
	port: number,
	brokerPort: number,
	baseUrl: string,
	extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
	// Start from the caller's environment minus anything that configures n8n or Node.
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL|QUEUE_|NODE_OPTIONS|NODE_PATH|NODE_ENV|GENERIC_TIMEZONE|JEST_)/.test(key),
		),
	);
	return {
		...inherited,
		// The task runner and anything n8n spawns must find Node 24 first.
		PATH: `${path.join(runtime.node24Home, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		// Jest sets NODE_ENV=test, in which n8n silences its logger and refuses to load nodes.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: baseUrl,
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		// One JSON object per line, so tests can pick out errors by level.
		N8N_LOG_FORMAT: 'json',
		// 2.x: its hourly refresh calls api.n8n.io, which only logs an error
		// offline. 1.x has no such module and refuses to start on the name.
		...(runtime.line === 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		GENERIC_TIMEZONE: 'UTC',
		...extra,
	};
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}
