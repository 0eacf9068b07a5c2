import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
	headers: Record<string, string>;
	/** The raw body, exactly as sent. */
	body: string;
}

/**
 * A local HTTP endpoint that records webhook deliveries. It answers the
 * statuses in `answers` in turn (then 200), to exercise retries.
 */
export async function startWebhookReceiver(answers: number[] = []) {
	const received: ReceivedDelivery[] = [];
	const queue = [...answers];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
			res.statusCode = queue.shift() ?? 200;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/roughy`;
	return {
		url,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
