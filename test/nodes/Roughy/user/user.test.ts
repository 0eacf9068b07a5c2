import { useEmulator } from '../emulator-kit';

describe('Roughy → User → Get', () => {
	const kit = useEmulator();

	test('returns the account that owns the API key', async () => {
		const { items, error } = await kit.run({ resource: 'user', operation: 'get' });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(
			expect.objectContaining({ id: expect.any(String), email: expect.any(String), name: expect.any(String) }),
		);
		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: '/v1/users/me', query: {} }]);
	});
});
