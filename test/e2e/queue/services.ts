import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../n8n-process';

const run = promisify(execFile);

/**
 * Redis and Postgres for n8n's queue mode, from Debian's packages, each a
 * fresh instance on a free loopback port with its data under the run's
 * folder: nothing is shared with a system service or an earlier run.
 */

const POSTGRES_LIB = '/usr/lib/postgresql';
const REDIS_SERVER = '/usr/bin/redis-server';

export interface Service {
	port: number;
	/** Where the service's data and log live. */
	dir: string;
	log(): string;
	running(): boolean;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	user: string;
	password: string;
	database: string;
}

/** The newest Debian postgresql server's bin folder, or undefined when none is installed. */
function postgresBin(): string | undefined {
	if (!existsSync(POSTGRES_LIB)) return undefined;
	const versions = readdirSync(POSTGRES_LIB)
		.filter((version) => existsSync(path.join(POSTGRES_LIB, version, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(POSTGRES_LIB, versions[0], 'bin') : undefined;
}

/**
 * Installs redis-server and postgresql with apt-get when either is missing:
 * CI runs as root on a fresh Debian machine, and the suite must not pass by
 * skipping. Elsewhere (not root) it says what to install.
 */
export async function ensureServicesInstalled(): Promise<void> {
	if (existsSync(REDIS_SERVER) && postgresBin()) return;
	if (process.getuid?.() !== 0) {
		throw new Error('The queue-mode suite needs Redis and Postgres: run `sudo apt-get install -y redis-server postgresql` (Debian/Ubuntu) first.');
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const options = { env, maxBuffer: 64 * 1024 * 1024 };
	await run('apt-get', ['update'], options);
	await run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql'], options);
	if (!existsSync(REDIS_SERVER) || !postgresBin()) throw new Error('apt-get installed redis-server and postgresql, but their binaries are not where Debian puts them');
}

export async function startRedis(dir: string): Promise<Service> {
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = spawnLogged(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], path.join(dir, 'redis.log'));
	const service = serviceOf(child, port, dir, path.join(dir, 'redis.log'));
	await waitFor(`Redis on port ${port}`, service, () => redisPing(port));
	return service;
}

/**
 * A new Postgres cluster (initdb) owned by the `postgres` user when running
 * as root, since Postgres refuses to run as root; TCP on loopback only,
 * password authentication, durability off (the data is thrown away).
 */
export async function startPostgres(dir: string): Promise<Postgres> {
	const bin = postgresBin();
	if (!bin) throw new Error('No postgresql server found under /usr/lib/postgresql');
	const dataDir = path.join(dir, 'data');
	mkdirSync(dataDir, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	const owner = asRoot ? await postgresUserIds() : undefined;
	if (owner) {
		chownSync(dir, owner.uid, owner.gid);
		chownSync(dataDir, owner.uid, owner.gid);
	}
	const asOwner = (command: string, args: string[]): [string, string[]] =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] : [path.join(bin, command), args];

	const user = 'n8n';
	const password = randomBytes(18).toString('base64url');
	const passwordFile = path.join(dir, 'password');
	writeFileSync(passwordFile, password, { mode: 0o600 });
	if (owner) chownSync(passwordFile, owner.uid, owner.gid);
	await run(...asOwner('initdb', ['-D', dataDir, '-U', user, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync']));
	rmSync(passwordFile);

	const port = await freePort();
	const logPath = path.join(dir, 'postgres.log');
	const settings = ['listen_addresses=127.0.0.1', `port=${port}`, 'unix_socket_directories=', 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
	const child = spawnLogged(...asOwner('postgres', ['-D', dataDir, ...settings.flatMap((setting) => ['-c', setting])]), logPath);
	const service = serviceOf(child, port, dir, logPath);
	const database = 'n8n';
	await waitFor(`Postgres on port ${port}`, service, async () => {
		try {
			await run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], { env: { ...process.env, PGPASSWORD: password } });
			return true;
		} catch (error) {
			if (/already exists/.test(String((error as { stderr?: string }).stderr))) return true;
			return false;
		}
	});
	return { ...service, user, password, database };
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
	const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
	return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function spawnLogged(command: string, args: string[], logPath: string): ChildProcess {
	const log = createWriteStream(logPath);
	// Own process group, so stop() reaches postgres's backends through runuser too.
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	child.stdout!.pipe(log, { end: false });
	child.stderr!.pipe(log, { end: false });
	child.once('close', () => log.end());
	return child;
}

function serviceOf(child: ChildProcess, port: number, dir: string, logPath: string): Service {
	const closed = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('close', () => resolve())));
	const signal = (name: NodeJS.Signals) => {
		try {
			process.kill(-child.pid!, name);
		} catch {
			// Already gone.
		}
	};
	return {
		port,
		dir,
		log: () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''),
		running: () => child.exitCode === null && child.signalCode === null,
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				// SIGINT: Postgres's "fast" shutdown; Redis exits on it too.
				signal('SIGINT');
				const timer = setTimeout(() => signal('SIGKILL'), 15_000);
				await closed;
				clearTimeout(timer);
			}
		},
	};
}

async function waitFor(what: string, service: Service, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready())) {
		if (!service.running() || Date.now() > deadline) {
			await service.stop();
			throw new Error(`${what} did not come up (${service.running() ? `not ready within ${timeoutMs} ms` : 'it exited'})\n--- log ---\n${service.log().slice(-4000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1_000, () => socket.destroy());
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(answer.startsWith('+PONG')));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => {
			answer += data.toString();
			socket.end();
		});
	});
}
