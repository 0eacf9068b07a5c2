/**
 * `npm run emulator -- [flags]`: starts a Roughy emulator and keeps it
 * running until Ctrl-C. Prints the URL and the (local, fake) API key.
 *
 *   --port 8787              API port (env ROUGHY_EMULATOR_PORT; default random)
 *   --host 127.0.0.1         (env ROUGHY_EMULATOR_HOST)
 *   --storage-port 8788      signed-download listener (env ROUGHY_EMULATOR_STORAGE_PORT; default random)
 *   --api-key sk_test_...    (env ROUGHY_EMULATOR_API_KEY; default random)
 *   --credits 1000           initial balance (env ROUGHY_EMULATOR_CREDITS)
 *   --timing manual | asset=100,cut=100,render=150   (env ROUGHY_EMULATOR_TIMING)
 *   --rate-limit 10[:20]     requests per second[:burst] (env ROUGHY_EMULATOR_RATE_LIMIT)
 *   --storage-dir DIR        keep upload bytes here (env ROUGHY_EMULATOR_STORAGE_DIR)
 *   --download-ttl 900       signed URL lifetime, seconds
 *   --upload-expiry-ms N     pending upload lifetime
 *   --contract-check         record responses that break contract/openapi.yaml
 *   --upload-hashing on-demand  sha256 of uploads only when asked for (benchmarks)
 *   --json                   print one JSON line {url, storageUrl, apiKey} instead of prose
 */
import { startEmulator } from './start';
import type { EmulatorOptions } from './options';

function readFlags(argv: string[]): Map<string, string> {
	const flags = new Map<string, string>();
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (!arg.startsWith('--')) continue;
		const [name, inline] = arg.slice(2).split('=', 2);
		const next = argv[index + 1];
		if (inline !== undefined) flags.set(name, inline);
		else if (next !== undefined && !next.startsWith('--')) flags.set(name, argv[++index]);
		else flags.set(name, 'true');
	}
	return flags;
}

function optionsFrom(flags: Map<string, string>, env: NodeJS.ProcessEnv): EmulatorOptions {
	const value = (flag: string, variable: string) => flags.get(flag) ?? env[`ROUGHY_EMULATOR_${variable}`];
	const number = (flag: string, variable: string) => {
		const raw = value(flag, variable);
		return raw === undefined ? undefined : Number(raw);
	};
	const options: EmulatorOptions = {
		port: number('port', 'PORT'),
		host: value('host', 'HOST'),
		storagePort: number('storage-port', 'STORAGE_PORT'),
		apiKey: value('api-key', 'API_KEY'),
		initialCredits: number('credits', 'CREDITS'),
		storageDir: value('storage-dir', 'STORAGE_DIR'),
		downloadUrlTtlSeconds: number('download-ttl', 'DOWNLOAD_TTL'),
		uploadExpiryMs: number('upload-expiry-ms', 'UPLOAD_EXPIRY_MS'),
		contractCheck: value('contract-check', 'CONTRACT_CHECK') === 'true',
		uploadHashing: value('upload-hashing', 'UPLOAD_HASHING') === 'on-demand' ? 'on-demand' : undefined,
	};
	const timing = value('timing', 'TIMING');
	if (timing === 'manual') options.timing = 'manual';
	else if (timing) {
		const parts = Object.fromEntries(timing.split(',').map((part) => part.split('=') as [string, string]));
		options.timing = {
			assetProcessingMs: parts.asset !== undefined ? Number(parts.asset) : undefined,
			cutProcessingMs: parts.cut !== undefined ? Number(parts.cut) : undefined,
			renderProcessingMs: parts.render !== undefined ? Number(parts.render) : undefined,
		};
	}
	const rateLimit = value('rate-limit', 'RATE_LIMIT');
	if (rateLimit) {
		const [perSecond, burst] = rateLimit.split(':').map(Number);
		options.rateLimit = { requestsPerSecond: perSecond, burst };
	}
	return options;
}

async function main(): Promise<void> {
	const flags = readFlags(process.argv.slice(2));
	const emulator = await startEmulator(optionsFrom(flags, process.env));
	if (flags.get('json') === 'true') {
		console.log(JSON.stringify({ url: emulator.url, storageUrl: emulator.storageUrl, apiKey: emulator.apiKey }));
	} else {
		console.log(`Roughy emulator listening on ${emulator.url}`);
		console.log(`API key (local, fake): ${emulator.apiKey}`);
		console.log(`Signed downloads served from ${emulator.storageUrl}; control surface at ${emulator.url}/__emulator/state`);
		console.log(`Upload bytes in ${emulator.storageDir}`);
	}
	const stop = () => {
		emulator.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
