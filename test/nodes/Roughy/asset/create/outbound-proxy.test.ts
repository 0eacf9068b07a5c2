import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startEmulator, type RunningEmulator } from '../../../../../emulator';
import { fakeMp4, sha256 } from '../../../../fixtures/media';
import { MIB, mp4File, outputOf, runCreate } from './run-create';

/**
 * n8n's proxy settings apply to the upload: every TUS request (and the API
 * calls around it) goes through n8n's request helpers, which route by the
 * HTTP_PROXY / NO_PROXY environment n8n documents for outbound requests.
 */

/** A plain forward proxy for http:// URLs that records what passed through it. */
async function startForwardProxy() {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		const target = new URL(req.url ?? '');
		seen.push(`${req.method} ${target.pathname}`);
		const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

let emu: RunningEmulator;
let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
const saved: Partial<Record<(typeof PROXY_VARIABLES)[number], string>> = {};

beforeAll(async () => {
	[emu, proxy] = await Promise.all([startEmulator(), startForwardProxy()]);
	for (const name of PROXY_VARIABLES) {
		saved[name] = process.env[name];
		delete process.env[name];
	}
	process.env.HTTP_PROXY = proxy.url;
});

afterAll(async () => {
	for (const name of PROXY_VARIABLES) {
		if (saved[name] === undefined) delete process.env[name];
		else process.env[name] = saved[name];
	}
	await Promise.all([emu.close(), proxy.close()]);
});

it('sends the asset create and every HEAD and PATCH of the upload through n8n’s HTTP_PROXY', async () => {
	const projectId = emu.control.createProject().id;
	const bytes = fakeMp4(3 * MIB + 5);

	const { items, error } = await runCreate({ emu, projectId, file: mp4File(bytes) });

	expect(error).toBeUndefined();
	const asset = outputOf(items);
	expect(emu.storedUpload(asset.id)).toMatchObject({ bytesReceived: bytes.length, sha256: sha256(bytes) });
	expect(proxy.seen).toContain('POST /v1/assets');
	expect(proxy.seen.filter((line) => line.startsWith('PATCH /v1/uploads/'))).toHaveLength(4);
	// Nothing reached Roughy around the proxy.
	const received = emu.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`);
	expect(received.length).toBeGreaterThan(0);
	expect(received.filter((line) => !proxy.seen.includes(line))).toEqual([]);
});
