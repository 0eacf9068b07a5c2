import { useEmulator } from '../emulator-kit';

describe('Roughy → User → Get', () => {
	const kit = useEmulator();

	test('returns the account that owns the API key', async () => {
		const { items, error } = await kit.run({ resource: 'user', operation: 'get' });

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: expect.any(String), email: expect.any(String), name: expect.any(String) }),
		]);
		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: '/v1/users/me', query: {} }]);
	});

	test('runs once per input item, each output paired with its input', async () => {
		const { items } = await kit.run({ resource: 'user', operation: 'get' }, { input: [{ json: {} }, { json: {} }] });

		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(kit.apiCalls()).toHaveLength(2);
	});

	test('a wrong API key fails with advice and never shows the key', async () => {
		const wrongKey = 'sk_test_wrong_key_0123456789';

		const { error, logs } = await kit.run({ resource: 'user', operation: 'get' }, { apiKey: wrongKey });

		expect(error?.message).toBe('Roughy rejected the API key');
		expect(error?.description).toContain('paste a valid API key');
		expect(JSON.stringify(error)).not.toContain(wrongKey);
		expect(logs.every((log) => !log.line.includes(wrongKey))).toBe(true);
	});
});
