import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, InstanceSettings } from 'n8n-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { installEncryptionKeys } from './encryption-keys';
import { CapturingLogger, routeLoggerProxyTo } from './logger';

export type BinaryMode = 'inline' | 'filesystem';

/** n8n's names for the two modes: 'default' keeps bytes in the item as base64. */
const N8N_BINARY_MODE: Record<BinaryMode, BinaryDataConfig['mode']> = {
	inline: 'default',
	filesystem: 'filesystem',
};

export interface HarnessServices {
	logger: CapturingLogger;
	/** Holds n8n's user folder and the filesystem binary store; removed after the test file. */
	rootDir: string;
	binaryData: BinaryDataService;
	useBinaryMode(mode: BinaryMode): Promise<void>;
}

let services: Promise<HarnessServices> | undefined;
let rootDir: string | undefined;

async function setUp(): Promise<HarnessServices> {
	rootDir = mkdtempSync(path.join(tmpdir(), 'roughy-harness-'));

	// First, so every service n8n-core builds from here on logs into it. It
	// stands in for n8n's winston-backed Logger class, which it matches in shape.
	const logger = new CapturingLogger();
	Container.set(Logger, logger as unknown as InstanceType<typeof Logger>);
	routeLoggerProxyTo(logger);

	// n8n reads its configuration from the environment when a config class is
	// first built, so it is set here, before any is. InstanceSettings writes a
	// settings file into the user folder: keep that out of ~/.n8n. SSRF
	// protection is off, n8n's default, stated so an N8N_SSRF_PROTECTION_ENABLED
	// in a developer's shell cannot block the tests' servers on 127.0.0.1.
	Object.assign(process.env, {
		N8N_USER_FOLDER: rootDir,
		N8N_ENCRYPTION_KEY: 'roughy-harness-encryption-key',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_BINARY_DATA_STORAGE_PATH: path.join(rootDir, 'binary-data'),
	});
	Container.get(InstanceSettings);
	installEncryptionKeys();

	const binaryConfig = Container.get(BinaryDataConfig);
	const binaryData = Container.get(BinaryDataService);

	const harness: HarnessServices = {
		logger,
		rootDir,
		binaryData,
		// init() always sets up the filesystem store, whatever the mode, so
		// items stored in an earlier filesystem run stay readable by id.
		async useBinaryMode(mode) {
			binaryConfig.mode = N8N_BINARY_MODE[mode];
			await binaryData.init();
		},
	};
	await harness.useBinaryMode('filesystem');
	return harness;
}

/** The n8n-core services, built once per test file (jest gives every file its own Container). */
export async function getHarnessServices(): Promise<HarnessServices> {
	services ??= setUp();
	return await services;
}

export function disposeHarnessServices() {
	if (rootDir) rmSync(rootDir, { recursive: true, force: true });
	rootDir = undefined;
	services = undefined;
	Container.reset();
}

// Any test file that imports the harness cleans up after itself; outside
// jest (a tsx script), the temp dir goes when the process exits.
if (typeof afterAll === 'function') afterAll(disposeHarnessServices);
else process.once('exit', disposeHarnessServices);
