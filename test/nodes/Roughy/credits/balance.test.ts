import { operationOf, useEmulator } from '../emulator-kit';

const credits = operationOf('credits');

describe('Roughy → Credit → Get Balance', () => {
	const kit = useEmulator({ initialCredits: 1000 });

	test('returns the spendable balance', async () => {
		kit.emulator().control.topUp(250);

		const { items, error } = await kit.run(credits('balance'));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ balance: 1250 }]);
		expect(kit.apiCalls()).toEqual([{ method: 'GET', path: '/v1/credits/balance', query: {} }]);
	});

	test('a wrong API key says what to do', async () => {
		const { error } = await kit.run(credits('balance'), { apiKey: 'sk_test_wrong_key_0123456789' });

		expect(error?.message).toBe('Roughy rejected the API key');
		expect(error).toEqual(expect.objectContaining({ httpCode: '401' }));
	});
});
