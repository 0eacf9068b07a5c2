import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { EmulatorResponse } from './response';

/** Writes a handler's answer to the socket. HEAD answers keep their headers and drop the body. */
export async function sendResponse(res: ServerResponse, response: EmulatorResponse): Promise<void> {
	if (res.destroyed) return;
	for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
	let body = response.body;
	if (response.json !== undefined) {
		body = JSON.stringify(response.json);
		res.setHeader('Content-Type', 'application/json');
	}
	res.statusCode = response.status;
	if (body instanceof Readable) {
		if (res.req?.method === 'HEAD') {
			body.destroy();
			res.end();
			return;
		}
		await pipeline(body, res).catch(() => undefined);
		return;
	}
	if (body !== undefined && !res.hasHeader('Content-Length')) res.setHeader('Content-Length', Buffer.byteLength(body));
	res.end(body);
}
