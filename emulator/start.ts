import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ContractChecker } from './contract/contract-check';
import { createControl } from './control/control-api';
import { createControlHttp } from './control/control-http';
import { EmulatorCore } from './core';
import { FaultSet } from './faults';
import { grantInitialCredits } from './lifecycle/credits';
import { resolveOptions, type EmulatorOptions, type RateLimitOptions } from './options';
import { RateLimiter } from './rate-limit';
import { buildApiRouter } from './routes';
import type { RunningEmulator, StoredUpload } from './running-emulator';
import { createRequestListener } from './server';
import { buildStorageRouter } from './storage/routes';
import { WebhookDispatcher } from './webhooks/dispatcher';

function listen(server: Server, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

function hostPart(host: string): string {
	return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Starts an emulator on real sockets: the API listener and a storage listener for signed downloads. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const resolved = resolveOptions(options);
	const ownsStorageDir = resolved.storageDir === null;
	const storageDir = resolved.storageDir ?? mkdtempSync(path.join(os.tmpdir(), 'roughy-emulator-'));
	mkdirSync(storageDir, { recursive: true });

	const core = new EmulatorCore(resolved, storageDir);
	const dispatcher = new WebhookDispatcher(core);
	core.events = dispatcher;
	grantInitialCredits(core);
	const faults = new FaultSet();
	let limiter: RateLimiter | null = null;
	const setRateLimit = (limit: RateLimitOptions | null) => {
		limiter = limit ? new RateLimiter(limit, core.clock.nowMs()) : null;
	};
	setRateLimit(resolved.rateLimit);

	const apiServer = http.createServer();
	const storageServer = http.createServer();
	// Multi-GiB PATCH bodies may take minutes; Node's default 5-minute request timeout must not cut them.
	apiServer.requestTimeout = 0;
	storageServer.requestTimeout = 0;
	const apiPort = await listen(apiServer, resolved.port, resolved.host);
	const storagePort = await listen(storageServer, resolved.storagePort, resolved.host);
	const url = `http://${hostPart(resolved.host)}:${apiPort}`;
	const storageUrl = `http://${hostPart(resolved.host)}:${storagePort}`;

	// URLs handed to clients use the host name the client used, so they keep working behind another name.
	const origins = (req: IncomingMessage) => {
		const host = req.headers.host;
		if (!host) return { api: url, storage: storageUrl };
		const hostname = new URL(`http://${host}`).hostname;
		return { api: `http://${host}`, storage: `http://${hostname}:${storagePort}` };
	};

	const storedUpload = (assetId: string): StoredUpload => {
		const id = assetId.toLowerCase();
		const asset = core.state.assets.get(id);
		const upload =
			(asset?.uploadId ? core.state.uploads.get(asset.uploadId) : undefined) ??
			[...core.state.uploads.values()].find((candidate) => candidate.assetId === id);
		if (!upload) throw new Error(`asset ${assetId} has no upload`);
		return {
			uploadId: upload.id,
			bytesReceived: upload.offset,
			length: upload.length,
			sha256: core.hasher.digestSync(upload.id, upload.filePath).sha256,
			status: upload.status,
			filePath: upload.filePath,
		};
	};

	let closed = false;
	// Also reachable as POST /__emulator/restart, for an emulator in another process.
	const restart = async (downMs = 0) => {
		await Promise.all([closeServer(apiServer), closeServer(storageServer)]);
		if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
		if (closed) return;
		await listen(apiServer, apiPort, resolved.host);
		await listen(storageServer, storagePort, resolved.host);
	};
	const control = createControl({ core, faults, dispatcher, origins: { apiOrigin: url, storageOrigin: storageUrl }, setRateLimit });
	const checker = resolved.contractCheck ? new ContractChecker(core.contractViolations) : null;
	const pipeline = {
		core,
		faults,
		rateLimiter: () => limiter,
		origins,
		checkContract: checker ? checker.check.bind(checker) : undefined,
	};
	apiServer.on(
		'request',
		createRequestListener(
			{ name: 'api', router: buildApiRouter(core) },
			{
				...pipeline,
				control: createControlHttp({
					control,
					faults,
					requests: core.requests,
					deliveries: dispatcher.deliveries,
					contractViolations: core.contractViolations,
					storedUpload,
					restart,
				}),
			},
		),
	);
	storageServer.on('request', createRequestListener({ name: 'storage', router: buildStorageRouter(core) }, { ...pipeline, checkContract: undefined }));

	return {
		url,
		storageUrl,
		apiKey: resolved.apiKey,
		storageDir,
		requests: core.requests,
		faults: { add: (rule) => faults.add(rule), clear: () => faults.clear(), list: () => faults.list() },
		control,
		storedUpload,
		webhookDeliveries: dispatcher.deliveries,
		contractViolations: core.contractViolations,
		async restart({ downMs = 0 } = {}) {
			if (closed) throw new Error('the emulator is closed');
			await restart(downMs);
		},
		async close() {
			if (closed) return;
			closed = true;
			core.scheduler.clear();
			dispatcher.close();
			await Promise.all([closeServer(apiServer), closeServer(storageServer), core.hasher.close()]);
			if (ownsStorageDir) rmSync(storageDir, { recursive: true, force: true });
		},
	};
}
