import { useEmulator } from './support/client';

describe('fault rules', () => {
	const context = useEmulator();

	test('reset drops the connection without an answer, and the request is not processed', async () => {
		context.emulator.faults.add({ method: 'POST', path: '/v1/projects', reset: true });
		await expect(context.api.post('/v1/projects', { name: 'never' })).rejects.toThrow();
		expect((await context.api.get('/v1/projects')).json.total).toBe(0);
		expect(context.emulator.requests[0]).toMatchObject({ status: null, fault: 'reset' });
	});

	test.each([
		[500, 'internal_error'],
		[502, 'upstream_error'],
		[503, 'upstream_unavailable'],
	] as const)('status %i answers the envelope with %s', async (status, code) => {
		context.emulator.faults.add({ path: '/v1/credits/balance', status });
		const reply = await context.api.get('/v1/credits/balance');
		expect(reply.status).toBe(status);
		expect(reply.json.error.code).toBe(code);
		expect(reply.headers.get('x-request-id')).toMatch(/^req_/);
	});

	test('status 429 carries Retry-After', async () => {
		context.emulator.faults.add({ path: '/v1/credits/balance', status: 429, retryAfter: 7 });
		const reply = await context.api.get('/v1/credits/balance');
		expect(reply.status).toBe(429);
		expect(reply.json.error.code).toBe('rate_limited');
		expect(reply.headers.get('retry-after')).toBe('7');
	});

	test('any status can carry a chosen code, e.g. 423 account_locked', async () => {
		context.emulator.faults.add({ path: '/v1/users/me', status: 423, code: 'account_locked' });
		const reply = await context.api.get('/v1/users/me');
		expect(reply.status).toBe(423);
		expect(reply.json.error.code).toBe('account_locked');
	});

	test('a rule applies `times` times, then the request goes through', async () => {
		context.emulator.faults.add({ path: '/v1/credits/balance', status: 503, times: 2 });
		const statuses = [];
		for (let attempt = 0; attempt < 3; attempt++) statuses.push((await context.api.get('/v1/credits/balance')).status);
		expect(statuses).toEqual([503, 503, 200]);
	});

	test('nth picks which matching request fails', async () => {
		context.emulator.faults.add({ method: 'GET', path: '/v1/projects/*', nth: 2, status: 500 });
		const project = context.emulator.control.createProject();
		const statuses = [];
		for (let attempt = 0; attempt < 3; attempt++) statuses.push((await context.api.get(`/v1/projects/${project.id}`)).status);
		expect(statuses).toEqual([200, 500, 200]);
	});

	test("times: 'always' keeps failing until the rules are cleared", async () => {
		context.emulator.faults.add({ path: '/v1/**', status: 502, times: 'always' });
		expect((await context.api.get('/v1/users/me')).status).toBe(502);
		expect((await context.api.get('/v1/credits/balance')).status).toBe(502);
		context.emulator.faults.clear();
		expect((await context.api.get('/v1/users/me')).status).toBe(200);
	});

	test('delay slows the answer down', async () => {
		context.emulator.faults.add({ path: '/v1/users/me', delay: 300 });
		const started = Date.now();
		const reply = await context.api.get('/v1/users/me');
		expect(reply.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	test('htmlError answers a proxy page: HTML, 502, no envelope, no request id', async () => {
		context.emulator.faults.add({ path: '/v1/users/me', htmlError: true });
		const reply = await context.api.get('/v1/users/me');
		expect(reply.status).toBe(502);
		expect(reply.headers.get('content-type')).toBe('text/html');
		expect(reply.text).toContain('<h1>502 Bad Gateway</h1>');
		expect(reply.headers.get('x-request-id')).toBeNull();
	});

	test('hugeBody answers an error body of the given size', async () => {
		context.emulator.faults.add({ path: '/v1/users/me', hugeBody: 3 * 1024 * 1024 });
		const reply = await context.api.get('/v1/users/me');
		expect(reply.status).toBe(502);
		expect(reply.text.length).toBe(3 * 1024 * 1024);
	});

	test("when: 'after' processes the request, then loses the answer", async () => {
		context.emulator.faults.add({ method: 'POST', path: '/v1/projects', status: 502, when: 'after' });
		const reply = await context.api.post('/v1/projects', { name: 'created anyway' });
		expect(reply.status).toBe(502);
		expect((await context.api.get('/v1/projects')).json.items.map((p: { name: string }) => p.name)).toEqual(['created anyway']);
	});

	test('resetAfterBytes on a JSON request drops it before anything is created', async () => {
		context.emulator.faults.add({ method: 'POST', path: '/v1/projects', resetAfterBytes: 5 });
		await expect(context.api.post('/v1/projects', { name: 'half a body' })).rejects.toThrow();
		expect((await context.api.get('/v1/projects')).json.total).toBe(0);
	});

	test('a regular expression path matches too', async () => {
		context.emulator.faults.add({ path: /^\/v1\/credits\//, status: 500 });
		expect((await context.api.get('/v1/credits/history')).status).toBe(500);
	});

	describe('the lying server', () => {
		test('ignoreQuery and total: every page is the first one, with the total it is told to claim', async () => {
			for (const name of ['a', 'b', 'c']) await context.api.post('/v1/projects', { name });
			context.emulator.faults.add({ method: 'GET', path: '/v1/projects', ignoreQuery: ['offset'], total: 1_000_000_000, times: 'always' });
			const first = await context.api.get('/v1/projects?limit=2&offset=0');
			const second = await context.api.get('/v1/projects?limit=2&offset=2');
			expect(second.json.items).toEqual(first.json.items);
			expect(second.json.total).toBe(1_000_000_000);
		});

		test('echoHeader puts the request header into a plain-text or envelope answer', async () => {
			context.emulator.faults.add({ path: '/v1/users/me', echoHeader: 'authorization' });
			const text = await context.api.get('/v1/users/me');
			expect(text.status).toBe(400);
			expect(text.text).toContain(`Bearer ${context.emulator.apiKey}`);
			context.emulator.faults.add({ path: '/v1/users/me', echoHeader: 'authorization', status: 422, code: 'validation_error' });
			const envelope = await context.api.get('/v1/users/me');
			expect(envelope.json.error.message).toContain(context.emulator.apiKey);
			expect(envelope.json.error.fields[0].message).toContain(context.emulator.apiKey);
		});

		test('requestId replaces the X-Request-Id header', async () => {
			context.emulator.faults.add({ path: '/v1/users/me', requestId: 'x'.repeat(5000) });
			expect((await context.api.get('/v1/users/me')).headers.get('x-request-id')).toHaveLength(5000);
		});

		test('emptyAnswer processes the request, then answers without a body', async () => {
			context.emulator.faults.add({ method: 'POST', path: '/v1/projects', emptyAnswer: 202 });
			const reply = await context.api.post('/v1/projects', { name: 'made' });
			expect(reply.status).toBe(202);
			expect(reply.text).toBe('');
			expect((await context.api.get('/v1/projects')).json.total).toBe(1);
		});

		test('hang never answers; the request is still open when the client gives up', async () => {
			context.emulator.faults.add({ path: '/v1/users/me', hang: true });
			await expect(
				fetch(`${context.emulator.url}/v1/users/me`, { signal: AbortSignal.timeout(300) }),
			).rejects.toThrow();
			expect(context.emulator.requests[0]).toMatchObject({ fault: 'hang' });
		});
	});
});
