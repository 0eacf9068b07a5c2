import { useEmulator } from './support/client';

describe('authentication and the error envelope', () => {
	const context = useEmulator();

	test('a request without a key gets 401 unauthenticated in the error envelope', async () => {
		const reply = await context.api.get('/v1/users/me', { key: null });
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
	});

	test('a wrong key is refused like a missing one', async () => {
		const reply = await context.api.get('/v1/users/me', { key: 'sk_test_wrong' });
		expect(reply.status).toBe(401);
		expect(reply.json.error.code).toBe('unauthenticated');
	});

	test('the emulator key identifies the account', async () => {
		const reply = await context.api.get('/v1/users/me');
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({
			id: expect.any(String),
			email: expect.any(String),
			name: expect.any(String),
			email_verified_at: expect.any(String),
			deleted_at: null,
			created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
		});
	});

	test('every response carries an X-Request-Id, errors included', async () => {
		const ok = await context.api.get('/v1/credits/balance');
		const failed = await context.api.get('/v1/credits/balance', { key: null });
		expect(ok.headers.get('x-request-id')).toMatch(/^req_/);
		expect(failed.headers.get('x-request-id')).toMatch(/^req_/);
		expect(ok.headers.get('x-request-id')).not.toBe(failed.headers.get('x-request-id'));
	});

	test('the request log never holds the API key', async () => {
		await context.api.get('/v1/users/me');
		const [entry] = context.emulator.requests;
		expect(entry.headers.authorization).toBe('[present]');
		expect(JSON.stringify(context.emulator.requests)).not.toContain(context.emulator.apiKey);
	});

	test('an unknown path is 404 not_found', async () => {
		const reply = await context.api.get('/v1/nothing-here');
		expect(reply.status).toBe(404);
		expect(reply.json.error.code).toBe('not_found');
	});

	test('a body that is not JSON is 400 bad_request', async () => {
		const reply = await context.api.request('POST', '/v1/projects', {
			raw: Buffer.from('{"name":'),
			headers: { 'Content-Type': 'application/json' },
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error.code).toBe('bad_request');
	});

	test('a body sent as another content type is 415 unsupported_media_type', async () => {
		const reply = await context.api.request('POST', '/v1/projects', {
			raw: Buffer.from('name=x'),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(reply.status).toBe(415);
		expect(reply.json.error.code).toBe('unsupported_media_type');
	});

	test('validation errors list each bad field with its request location', async () => {
		const reply = await context.api.post('/v1/projects', { name: '', colour: 'red' });
		expect(reply.status).toBe(422);
		expect(reply.json.error.code).toBe('validation_error');
		expect(reply.json.error.fields).toEqual(
			expect.arrayContaining([
				{ field: 'body.name', message: expect.any(String) },
				{ field: 'body.colour', message: 'Extra inputs are not permitted' },
			]),
		);
	});

	test("another account's project answers 404, never 403", async () => {
		const foreign = context.emulator.control.createProject({ foreign: true });
		const reply = await context.api.get(`/v1/projects/${foreign.id}`);
		expect(reply.status).toBe(404);
		expect(reply.json.error.code).toBe('not_found');
	});
});
