import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { e2eCacheDir, freePort, N8nInstance } from '../n8n-process';
import { n8nRuntime } from '../runtime';
import { ensureServicesInstalled, type Postgres, type Service, startPostgres, startRedis } from './services';

export type BinaryDataMode = 'database' | 'filesystem';

export interface N8nQueueOptions {
	/** The packed package, installed into every process's user folder as n8n's installer does. */
	packageTarball: string;
	/**
	 * `database` is n8n 2.x's default in queue mode (no setting);
	 * `filesystem` puts every process's binary data in one shared folder.
	 */
	binaryDataMode?: BinaryDataMode;
	/** Worker concurrency (`n8n worker --concurrency`). */
	concurrency?: number;
	/** Extra environment for all three processes. */
	env?: Record<string, string>;
}

/**
 * n8n in queue mode on loopback, as a self-hosted team scales it out: a main
 * process (editor, API, triggers, activation), one worker that runs every
 * execution, manual ones included, and one webhook process that receives
 * production webhooks, sharing a fresh Redis and Postgres. Every process
 * has its own user folder with the package installed, and all share one
 * encryption key.
 */
export class N8nQueue {
	private constructor(
		readonly main: N8nInstance,
		readonly worker: N8nInstance,
		readonly webhook: N8nInstance,
		readonly redis: Service,
		readonly postgres: Postgres,
		/** The run's folder: services' data, the shared binary data folder. */
		readonly runDir: string,
		readonly binaryDataMode: BinaryDataMode,
	) {}

	static async start(options: N8nQueueOptions): Promise<N8nQueue> {
		await ensureServicesInstalled();
		const runDir = path.join(e2eCacheDir, `queue-${Date.now()}-${randomBytes(3).toString('hex')}`);
		mkdirSync(runDir, { recursive: true });
		const binaryDataMode = options.binaryDataMode ?? 'database';
		const started: Array<{ stop(): Promise<void> }> = [];
		try {
			const services = await Promise.allSettled([startRedis(path.join(runDir, 'redis')), startPostgres(path.join(runDir, 'postgres'))]);
			for (const service of services) if (service.status === 'fulfilled') started.push(service.value);
			const [redis, postgres] = services.map((service) => {
				if (service.status === 'rejected') throw service.reason;
				return service.value;
			}) as [Service, Postgres];
			const webhookPort = await freePort();
			const webhookUrl = `http://127.0.0.1:${webhookPort}`;
			const env = queueEnvironment({ redis, postgres, webhookUrl, binaryDataMode, runDir, extra: options.env });

			// Main first: it runs the database migrations the others wait for.
			const main = await N8nInstance.start({ packageTarball: options.packageTarball, env });
			started.push(main);
			const [worker, webhook] = await Promise.all([
				N8nInstance.start({
					packageTarball: options.packageTarball,
					command: 'worker',
					args: [`--concurrency=${options.concurrency ?? 2}`],
					env,
				}),
				N8nInstance.start({
					packageTarball: options.packageTarball,
					command: 'webhook',
					port: webhookPort,
					env: { ...env, N8N_EDITOR_BASE_URL: main.baseUrl },
				}),
			]);
			return new N8nQueue(main, worker, webhook, redis, postgres, runDir, binaryDataMode);
		} catch (error) {
			await Promise.all(started.reverse().map((service) => service.stop().catch(() => undefined)));
			throw error;
		}
	}

	/** The three n8n processes, then the services; the run's folder goes too unless N8N_E2E_KEEP=1. */
	async stop(): Promise<void> {
		await Promise.all([this.worker, this.webhook, this.main].map((instance) => instance.stop()));
		await Promise.all([this.redis.stop(), this.postgres.stop()]);
		if (process.env.N8N_E2E_KEEP !== '1') rmSync(this.runDir, { recursive: true, force: true });
	}

	/** The execution ids the worker's log says it finished (`Worker finished execution <id>`). */
	executionsFinishedOnWorker(): Set<string> {
		return executionIdsIn(this.worker, /^Worker finished execution (\d+)/);
	}
}

function executionIdsIn(instance: N8nInstance, pattern: RegExp): Set<string> {
	return new Set(instance.logEntries().flatMap((entry) => pattern.exec(entry.message)?.[1] ?? []));
}

function binaryDataEnvironment(mode: BinaryDataMode, runDir: string): Record<string, string> {
	if (mode === 'filesystem') {
		return { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem', N8N_BINARY_DATA_STORAGE_PATH: path.join(runDir, 'binary-data') };
	}
	// 1.x has no database mode; in queue mode it keeps binary data in the execution data (also in Postgres).
	return n8nRuntime().line === 2 ? { N8N_DEFAULT_BINARY_DATA_MODE: 'database' } : { N8N_DEFAULT_BINARY_DATA_MODE: 'default' };
}

function queueEnvironment(input: {
	redis: Service;
	postgres: Postgres;
	webhookUrl: string;
	binaryDataMode: BinaryDataMode;
	runDir: string;
	extra?: Record<string, string>;
}): Record<string, string> {
	const { redis, postgres, webhookUrl, binaryDataMode, runDir } = input;
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		DB_POSTGRESDB_DATABASE: postgres.database,
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// Activation on main registers this URL with Roughy: deliveries go to the webhook process.
		// (2.x reads N8N_WEBHOOK_URL, 1.x WEBHOOK_URL.)
		N8N_WEBHOOK_URL: `${webhookUrl}/`,
		WEBHOOK_URL: `${webhookUrl}/`,
		...binaryDataEnvironment(binaryDataMode, runDir),
		...input.extra,
	};
}
