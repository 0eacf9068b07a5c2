import { DEFAULT_BASE_URL, normalizeBaseUrl, timeoutFromCredential } from '../../../../nodes/shared/transport/base-url';

describe('credential base URL', () => {
	test('an empty value means the production API', () => {
		expect(normalizeBaseUrl('')).toBe(DEFAULT_BASE_URL);
	});

	test('a trailing slash is fine', () => {
		expect(normalizeBaseUrl('http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787');
	});

	test.each([
		['api.roughy.ai', 'has no scheme'],
		['https://api.roughy.ai/v1', 'without a path: use https://api.roughy.ai'],
		['https://api.roughy.ai/proxy/roughy', 'without a path'],
		['https://user:pass@api.roughy.ai', 'must not contain a user name or password'],
		['https://', 'is not a valid URL'],
	])('%s is refused with a message that says how to fix it', (value, expected) => {
		const result = normalizeBaseUrl(value);

		expect(typeof result).toBe('object');
		expect((result as { problem: string }).problem).toContain(expected);
	});

	test.each(['http://roughy.example.com', 'http://10.0.0.5:8080', 'http://127.0.0.1.example.com', 'http://localhost.example.com'])(
		'plain http to another machine (%s) is refused: the key would travel unencrypted',
		(value) => {
			const result = normalizeBaseUrl(value) as { problem: string };
			expect(result.problem).toContain('uses plain http, which would send the API key unencrypted');
		},
	);

	test.each(['http://127.0.0.1:8787', 'http://localhost:5678', 'http://[::1]:8787', 'http://127.3.2.1'])(
		'plain http on this machine (%s) stays allowed, for a local emulator',
		(value) => {
			expect(normalizeBaseUrl(value)).toBe(value);
		},
	);
});

describe('credential timeout', () => {
	test.each([
		[undefined, 60_000],
		['', 60_000],
		[0, 60_000],
		[-5, 60_000],
		['soon', 60_000],
		[1, 1_000],
		[90, 90_000],
		[1e9, 3_600_000],
	])('%p seconds gives an idle timeout of %i ms', (value, expected) => {
		expect(timeoutFromCredential(value)).toBe(expected);
	});
});
