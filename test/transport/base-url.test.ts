import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../../nodes/shared/transport/base-url';

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
});
