import { useEmulator } from './support/client';

describe('rate limiting', () => {
	// A slow refill (one request per 10 s) keeps real time out of the picture; tests refill by moving the clock.
	const context = useEmulator({ rateLimit: { requestsPerSecond: 0.1, burst: 3 } });

	test('past the burst, requests get 429 rate_limited with Retry-After of at least 1 second', async () => {
		const replies = [];
		for (let attempt = 0; attempt < 4; attempt++) replies.push(await context.api.get('/v1/users/me'));
		expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 429]);
		const limited = replies[3];
		expect(limited.json.error.code).toBe('rate_limited');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(Number.isInteger(Number(limited.headers.get('retry-after')))).toBe(true);
	});

	test('X-RateLimit-* headers tell the bucket (emulator only)', async () => {
		const reply = await context.api.get('/v1/users/me');
		expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
		expect(reply.headers.get('x-ratelimit-remaining')).toBe('2');
		expect(reply.headers.get('x-ratelimit-reset')).toBe('10');
	});

	test('the bucket refills over time', async () => {
		for (let attempt = 0; attempt < 3; attempt++) await context.api.get('/v1/users/me');
		expect((await context.api.get('/v1/users/me')).status).toBe(429);
		context.emulator.control.advanceClock(10_000);
		expect((await context.api.get('/v1/users/me')).status).toBe(200);
		expect((await context.api.get('/v1/users/me')).status).toBe(429);
	});

	test('the control surface is never rate limited', async () => {
		for (let attempt = 0; attempt < 5; attempt++) await fetch(`${context.emulator.url}/__emulator/state`);
		expect((await fetch(`${context.emulator.url}/__emulator/state`)).status).toBe(200);
	});

	test('setRateLimit(null) turns it off', async () => {
		context.emulator.control.setRateLimit(null);
		const statuses = [];
		for (let attempt = 0; attempt < 5; attempt++) statuses.push((await context.api.get('/v1/users/me')).status);
		expect(statuses.every((status) => status === 200)).toBe(true);
	});
});
