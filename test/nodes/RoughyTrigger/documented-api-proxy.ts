import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Roughy as its documentation describes it, in front of the emulator: the
 * create response has no `secret`, and (optionally) there is no
 * `GET …/{id}/secret` either. Everything else passes through untouched.
 */
export interface DocumentedApiProxy {
	url: string;
	close(): Promise<void>;
}

const SECRET_PATH = /^\/v1\/webhook-endpoints\/[^/]+\/secret$/;

export async function startDocumentedApiProxy(
	emulatorUrl: string,
	options: { secretEndpoint: boolean },
): Promise<DocumentedApiProxy> {
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const path = new URL(req.url ?? '/', 'http://proxy').pathname;
				if (!options.secretEndpoint && req.method === 'GET' && SECRET_PATH.test(path)) {
					res.writeHead(404, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
					return;
				}
				const headers = Object.fromEntries(
					Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
				) as Record<string, string>;
				const upstream = await fetch(`${emulatorUrl}${req.url}`, {
					method: req.method,
					headers,
					body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
				});
				let body = Buffer.from(await upstream.arrayBuffer());
				if (req.method === 'POST' && path === '/v1/webhook-endpoints' && upstream.status === 201) {
					const { secret: _undocumented, ...documented } = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
					body = Buffer.from(JSON.stringify(documented));
				}
				const contentType = upstream.headers.get('content-type');
				res.writeHead(upstream.status, contentType ? { 'content-type': contentType } : {});
				res.end(body);
			})().catch((error: Error) => {
				res.writeHead(502);
				res.end(error.message);
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
