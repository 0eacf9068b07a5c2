import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { deliverWebhook, type WebhookDelivery } from '../../harness';

type Target = Omit<Parameters<typeof deliverWebhook>[0], 'request'>;

export interface WebhookReceiver {
	/** Use as the n8n instance URL (`webhookBaseUrl`): every path lands here. */
	url: string;
	/** What the trigger made of each request, oldest first. */
	deliveries: Array<WebhookDelivery & { path: string }>;
	close(): Promise<void>;
}

/**
 * Stands in for n8n's webhook server: each request the emulator sends over
 * HTTP goes into the trigger's webhook() (through the harness), and the
 * trigger's answer goes back to the emulator, which retries non-2xx like Svix.
 */
export async function startWebhookReceiver(target: () => Target): Promise<WebhookReceiver> {
	const deliveries: WebhookReceiver['deliveries'] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers = Object.fromEntries(
				Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
			);
			deliverWebhook({ ...target(), request: { headers, rawBody: Buffer.concat(chunks), path: req.url } })
				.then((delivery) => {
					deliveries.push({ ...delivery, path: req.url ?? '/' });
					const body = delivery.responseBody;
					res.statusCode = delivery.status;
					if (typeof body === 'string') res.end(body);
					else {
						res.setHeader('content-type', 'application/json');
						res.end(JSON.stringify(body ?? {}));
					}
				})
				.catch((error: Error) => {
					res.statusCode = 500;
					res.end(error.message);
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		deliveries,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
