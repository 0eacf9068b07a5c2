import { fakeMp3 } from '../fixtures/media';
import { useEmulator } from './support/client';
import { createProject, readyAsset } from './support/uploads';

/** The emulator counts 16 000 MP3 bytes as one second of audio. */
const MP3_MINUTE = 960_000;

describe('asset billing', () => {
	const context = useEmulator();

	test('a ready asset costs 1 credit per started minute, booked once as consume_asset', async () => {
		const id = await readyAsset(context.emulator, context.api, fakeMp3(MP3_MINUTE + 16_000)); // 61 s
		const balance = await context.api.get('/v1/credits/balance');
		const history = await context.api.get('/v1/credits/history');
		expect(balance.json.balance).toBe(998);
		expect(history.json.items[0]).toMatchObject({ type: 'consume_asset', delta: -2, asset_id: id });
		expect(history.json.total).toBe(2);
	});

	test('an asset the balance cannot cover waits in pending_payment, not charged, bytes kept', async () => {
		context.emulator.control.setBalance(1);
		const id = await readyAsset(context.emulator, context.api, fakeMp3(3 * MP3_MINUTE));
		const asset = await context.api.get(`/v1/assets/${id}`);
		expect(asset.json).toMatchObject({ state: 'pending_payment', cuttable: false, duration_seconds: '180.000' });
		expect(asset.json.download_url).toEqual(expect.any(String));
		expect((await context.api.get('/v1/credits/balance')).json.balance).toBe(1);
	});

	test('a top-up activates pending_payment assets oldest first and stops at the first it cannot cover', async () => {
		context.emulator.control.setBalance(1);
		const project = await createProject(context.api);
		const older = await readyAsset(context.emulator, context.api, fakeMp3(3 * MP3_MINUTE), project); // 3 credits
		const newer = await readyAsset(context.emulator, context.api, fakeMp3(2 * MP3_MINUTE), project); // 2 credits
		context.emulator.control.topUp(3); // balance 4: covers the older (3), not then the newer (2)

		expect((await context.api.get(`/v1/assets/${older}`)).json.state).toBe('ready');
		expect((await context.api.get(`/v1/assets/${newer}`)).json.state).toBe('pending_payment');
		context.emulator.control.topUp(1);
		expect((await context.api.get(`/v1/assets/${newer}`)).json.state).toBe('ready');
		expect((await context.api.get('/v1/credits/balance')).json.balance).toBe(0);
	});

	test('the ledger lists the top-up before the charges it paid for, newest first', async () => {
		context.emulator.control.setBalance(1);
		const id = await readyAsset(context.emulator, context.api, fakeMp3(2 * MP3_MINUTE));
		context.emulator.control.topUp(5, { stripe_invoice_id: 'in_test_1' });
		const history = await context.api.get('/v1/credits/history?limit=2');
		expect(history.json.items).toEqual([
			expect.objectContaining({ type: 'consume_asset', delta: -2, asset_id: id }),
			expect.objectContaining({ type: 'topup', delta: 5, stripe_invoice_id: 'in_test_1' }),
		]);
	});
});
