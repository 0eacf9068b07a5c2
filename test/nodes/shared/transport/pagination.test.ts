import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { roughyApiRequestAllItems } from '../../../../nodes/shared/transport/pagination';

interface ListingServer {
	/** The offsets asked for, in the order the requests were sent. */
	offsets: number[];
	maxInFlight: number;
}

/**
 * A node context whose n8n request helper answers `/v1/assets` pages from a
 * list of `count` items, a few event-loop turns later, like a network would.
 * `answer` may change a page (a server that lies or a list that shrinks).
 */
function listing(count: number, answer = (page: { items: Array<{ id: string }>; total: number }, offset: number) => page) {
	const server: ListingServer = { offsets: [], maxInFlight: 0 };
	let inFlight = 0;
	const all = Array.from({ length: count }, (_, index) => ({ id: `asset-${index}` }));
	const context = {
		getNode: () => ({ name: 'Roughy', type: 'roughy', typeVersion: 1, parameters: {} }),
		getCredentials: async () => ({ baseUrl: 'http://127.0.0.1:8787', apiKey: 'sk_test_pagination' }),
		logger: { debug() {} },
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
				const { limit, offset } = options.qs as { limit: number; offset: number };
				server.offsets.push(offset);
				inFlight++;
				server.maxInFlight = Math.max(server.maxInFlight, inFlight);
				for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
				inFlight--;
				const body = answer({ items: all.slice(offset, offset + limit), total: count }, offset);
				return { statusCode: 200, headers: {}, body };
			},
		},
	};
	return { context: context as unknown as IExecuteFunctions, server };
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe('Return All', () => {
	test('reads every page once, in order, with the next page asked for while the current one arrives', async () => {
		const { context, server } = listing(1050);

		const items = await roughyApiRequestAllItems<{ id: string }>(context, { path: '/v1/assets' }, { returnAll: true });

		expect(ids(items)).toEqual(Array.from({ length: 1050 }, (_, index) => `asset-${index}`));
		expect(server.offsets).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
		expect(server.maxInFlight).toBe(2);
	});

	test('asks for nothing ahead until the second page has shown that the server honours offset', async () => {
		const { context, server } = listing(1000, (page) => ({ ...page, items: Array.from({ length: 100 }, (_, index) => ({ id: `asset-${index}` })) }));

		await expect(roughyApiRequestAllItems(context, { path: '/v1/assets' }, { returnAll: true })).rejects.toThrow(
			"Roughy's list of /v1/assets never ended: it answered a page it had already sent",
		);
		expect(server.offsets).toEqual([0, 100]);
	});

	test('a list that shrinks while it is read ends at the short page, with one request ahead at most', async () => {
		// The announced total stays 1,000, but the list holds only 450 items.
		const { context, server } = listing(1000, (page, offset) => ({ ...page, items: page.items.slice(0, Math.max(0, 450 - offset)) }));

		const items = await roughyApiRequestAllItems<{ id: string }>(context, { path: '/v1/assets' }, { returnAll: true });

		expect(items).toHaveLength(450);
		expect(server.offsets).toEqual([0, 100, 200, 300, 400, 500]);
	});
});

describe('a limit', () => {
	test('sends one request at a time and none past the limit', async () => {
		const { context, server } = listing(1000);

		const items = await roughyApiRequestAllItems(context, { path: '/v1/assets' }, { returnAll: false, limit: 250 });

		expect(items).toHaveLength(250);
		expect(server.offsets).toEqual([0, 100, 200]);
		expect(server.maxInFlight).toBe(1);
	});
});
