import { RateLimitPacer } from '../../../../../nodes/Roughy/helpers/cleanup/rate-limit-pacer';

const NOW = 1_800_000_000_000;
const quota = (remaining: number, reset: number, limit = 25) => ({
	'x-ratelimit-limit': String(limit),
	'x-ratelimit-remaining': String(remaining),
	'x-ratelimit-reset': String(reset),
});

describe('RateLimitPacer', () => {
	test('without rate-limit headers it never waits', () => {
		const pacer = new RateLimitPacer();
		pacer.observe({ 'x-request-id': 'req_1' }, NOW);
		pacer.assumeSpent(NOW);

		expect(pacer.pauseBeforeNextMs(NOW)).toBe(0);
	});

	test('while quota is left it does not wait', () => {
		const pacer = new RateLimitPacer();
		pacer.observe(quota(3, 1), NOW);

		expect(pacer.pauseBeforeNextMs(NOW)).toBe(0);
	});

	test('once the quota is spent it waits one request\'s share of the reset window', () => {
		const pacer = new RateLimitPacer();
		pacer.observe(quota(0, 1, 25), NOW);

		expect(pacer.pauseBeforeNextMs(NOW)).toBe(40);
	});

	test('time spent since the response counts towards the wait', () => {
		const pacer = new RateLimitPacer();
		pacer.observe(quota(0, 1, 25), NOW);

		expect(pacer.pauseBeforeNextMs(NOW + 30)).toBe(10);
		expect(pacer.pauseBeforeNextMs(NOW + 60)).toBe(0);
	});

	test('reads a reset given as epoch seconds, and the IETF RateLimit-* names', () => {
		const pacer = new RateLimitPacer();
		pacer.observe({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 5) }, NOW);

		expect(pacer.pauseBeforeNextMs(NOW)).toBe(500);
	});

	test('requests whose headers went unread (failures) still use up the last known quota', () => {
		const pacer = new RateLimitPacer();
		pacer.observe(quota(2, 1, 25), NOW);
		pacer.assumeSpent(NOW);
		expect(pacer.pauseBeforeNextMs(NOW)).toBe(0);

		pacer.assumeSpent(NOW);
		expect(pacer.pauseBeforeNextMs(NOW)).toBe(40);
	});

	test('never waits more than a minute on the strength of a header', () => {
		const pacer = new RateLimitPacer();
		pacer.observe(quota(0, 86_400, 1), NOW);

		expect(pacer.pauseBeforeNextMs(NOW)).toBe(60_000);
	});

	test('stops waiting when the execution is cancelled', async () => {
		const pacer = new RateLimitPacer();
		pacer.observe(quota(0, 60, 1));
		const stop = new AbortController();
		stop.abort();

		await expect(pacer.beforeNextRequest(stop.signal)).rejects.toThrow('The execution was canceled');
	});
});
