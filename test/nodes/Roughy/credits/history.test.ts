import { operationOf, useEmulator } from '../emulator-kit';

const credits = operationOf('credits');

describe('Roughy → Credit → Get History', () => {
	const kit = useEmulator({ initialCredits: 1000 });

	test('lists ledger entries newest first, up to the limit', async () => {
		kit.emulator().control.topUp(10, { stripe_invoice_id: 'in_first' });
		kit.emulator().control.topUp(20, { stripe_invoice_id: 'in_second' });

		const { items } = await kit.run(credits('history', { limit: 2 }));

		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ type: 'topup', delta: 20, stripe_invoice_id: 'in_second' }),
			expect.objectContaining({ type: 'topup', delta: 10, stripe_invoice_id: 'in_first' }),
		]);
		expect(kit.apiCalls()).toEqual([
			{ method: 'GET', path: '/v1/credits/history', query: { limit: '2', offset: '0' } },
		]);
	});

	test('with "Return All" reads every page', async () => {
		for (let index = 0; index < 100; index++) kit.emulator().control.topUp(1);

		const { items } = await kit.run(credits('history', { returnAll: true }));

		// The initial grant plus the hundred top-ups.
		expect(items).toHaveLength(101);
		expect(kit.apiCalls().map((call) => call.query.offset)).toEqual(['0', '100']);
	});
});
