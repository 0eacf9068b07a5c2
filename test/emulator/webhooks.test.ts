import { verifyWithSvix } from '../../emulator';
import { fakeMp3 } from '../fixtures/media';
import { useEmulator, type ApiClient } from './support/client';
import { readyAsset } from './support/uploads';
import { startWebhookReceiver } from './support/webhook-receiver';

const ALL_EVENTS = ['asset.ready', 'asset.pending_payment', 'asset.failed', 'cut.completed', 'cut.failed', 'render.completed', 'render.failed', 'render.cancelled'];

async function registerEndpoint(api: ApiClient, url: string, eventTypes = ALL_EVENTS) {
	const reply = await api.post('/v1/webhook-endpoints', { url, event_types: eventTypes, description: 'test receiver' });
	if (reply.status !== 201) throw new Error(`endpoint create answered ${reply.status}: ${reply.text}`);
	return reply.json as { id: string; secret: string };
}

describe('webhook endpoints and deliveries', () => {
	// Renders stay running so a test can cancel one without racing its completion.
	const context = useEmulator({
		webhookRetryDelaysMs: [20, 20, 20],
		timing: { assetProcessingMs: 20, cutProcessingMs: 20, renderProcessingMs: 60_000 },
	});
	let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

	beforeEach(async () => {
		receiver = await startWebhookReceiver();
	});
	afterEach(() => receiver.close());

	test('creating an endpoint returns its id and a whsec_ secret, also readable at /secret', async () => {
		const endpoint = await registerEndpoint(context.api, 'https://hooks.example.com/roughy');
		expect(endpoint.id).toMatch(/^ep_/);
		expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
		const secret = await context.api.get(`/v1/webhook-endpoints/${endpoint.id}/secret`);
		expect(secret.json).toEqual({ key: endpoint.secret });
	});

	test('a plain-http URL is refused unless it is loopback', async () => {
		const remote = await context.api.post('/v1/webhook-endpoints', { url: 'http://hooks.example.com/x', event_types: ['asset.ready'] });
		const loopback = await context.api.post('/v1/webhook-endpoints', { url: 'http://localhost:5678/webhook', event_types: ['asset.ready'] });
		expect(remote.status).toBe(422);
		expect(remote.json.error.fields).toEqual([{ field: 'body.url', message: 'URL must use HTTPS' }]);
		expect(loopback.status).toBe(201);
	});

	test('an unknown event type is 422', async () => {
		const reply = await context.api.post('/v1/webhook-endpoints', { url: 'https://x.example.com', event_types: ['asset.deleted'] });
		expect(reply.status).toBe(422);
		expect(reply.json.error.fields[0].field).toBe('body.event_types.0');
	});

	test('endpoints are listed in the page envelope without secrets, and deleted with 204', async () => {
		const endpoint = await registerEndpoint(context.api, 'https://hooks.example.com/roughy');
		const list = await context.api.get('/v1/webhook-endpoints');
		expect(list.json).toMatchObject({ total: 1, limit: 20, offset: 0 });
		expect(list.json.items[0]).toEqual({ id: endpoint.id, url: 'https://hooks.example.com/roughy', event_types: ALL_EVENTS, description: 'test receiver' });
		expect((await context.api.delete(`/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
		expect((await context.api.delete(`/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
	});

	test('a ready asset is delivered as exactly {type, data}, signed so that svix verifies it', async () => {
		const endpoint = await registerEndpoint(context.api, receiver.url);
		const assetId = await readyAsset(context.emulator, context.api, fakeMp3(16_000));
		await context.emulator.control.idle();
		const ready = receiver.received.find((delivery) => JSON.parse(delivery.body).type === 'asset.ready');
		expect(JSON.parse(ready!.body)).toEqual({ type: 'asset.ready', data: { entity_id: assetId, asset_id: assetId, previous_state: 'processing' } });
		expect(ready!.headers['svix-id']).toMatch(/^msg_/);
		expect(ready!.headers['svix-timestamp']).toMatch(/^\d+$/);
		await expect(verifyWithSvix(endpoint.secret, ready!.body, ready!.headers)).resolves.toBeUndefined();
	});

	test('a tampered body does not verify', async () => {
		const endpoint = await registerEndpoint(context.api, receiver.url);
		await readyAsset(context.emulator, context.api, fakeMp3(16_000));
		await context.emulator.control.idle();
		const [delivery] = receiver.received;
		await expect(verifyWithSvix(endpoint.secret, delivery.body.replace('asset', 'ASSET'), delivery.headers)).rejects.toThrow();
	});

	test('only subscribed event types are delivered', async () => {
		await registerEndpoint(context.api, receiver.url, ['cut.completed']);
		const asset = context.emulator.control.seedAsset();
		await context.api.post('/v1/cuts', { asset_id: asset.id });
		await readyAsset(context.emulator, context.api, fakeMp3(16_000));
		await context.emulator.control.idle();
		expect(receiver.received.map((delivery) => JSON.parse(delivery.body).type)).toEqual(['cut.completed']);
	});

	test('a non-2xx answer is retried with the same svix-id until it succeeds', async () => {
		const flaky = await startWebhookReceiver([500, 503]);
		await registerEndpoint(context.api, flaky.url, ['asset.ready']);
		await readyAsset(context.emulator, context.api, fakeMp3(16_000));
		await context.emulator.control.idle();
		await flaky.close();
		expect(flaky.received).toHaveLength(3);
		expect(new Set(flaky.received.map((delivery) => delivery.headers['svix-id'])).size).toBe(1);
		expect(context.emulator.webhookDeliveries.map((delivery) => delivery.status)).toEqual([500, 503, 200]);
	});

	test('retries stop after the bounded schedule', async () => {
		const broken = await startWebhookReceiver([500, 500, 500, 500, 500, 500]);
		await registerEndpoint(context.api, broken.url, ['asset.ready']);
		await readyAsset(context.emulator, context.api, fakeMp3(16_000));
		await context.emulator.control.idle();
		await broken.close();
		expect(broken.received).toHaveLength(4);
	});

	test('after a secret rotation, deliveries carry two v1 signatures and both secrets verify', async () => {
		const endpoint = await registerEndpoint(context.api, receiver.url, ['asset.ready']);
		const { key: newSecret } = context.emulator.control.rotateWebhookSecret(endpoint.id);
		await readyAsset(context.emulator, context.api, fakeMp3(16_000));
		await context.emulator.control.idle();
		const [delivery] = receiver.received;
		expect(delivery.headers['svix-signature'].split(' ')).toEqual([expect.stringMatching(/^v1,/), expect.stringMatching(/^v1,/)]);
		await expect(verifyWithSvix(endpoint.secret, delivery.body, delivery.headers)).resolves.toBeUndefined();
		await expect(verifyWithSvix(newSecret, delivery.body, delivery.headers)).resolves.toBeUndefined();
		expect((await context.api.get(`/v1/webhook-endpoints/${endpoint.id}/secret`)).json.key).toBe(newSecret);
	});

	test('a forged delivery signed with another secret fails svix verification', async () => {
		const endpoint = await registerEndpoint(context.api, receiver.url, ['asset.ready']);
		const record = await context.emulator.control.sendWebhook({
			endpointId: endpoint.id,
			type: 'asset.ready',
			data: { entity_id: '019de7f7-3a52-74d1-9eeb-323e0bfb7bb9' },
			secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
		});
		expect(record.status).toBe(200);
		const [delivery] = receiver.received;
		await expect(verifyWithSvix(endpoint.secret, delivery.body, delivery.headers)).rejects.toThrow();
	});

	test('cut and render events carry entity_id and asset_id', async () => {
		await registerEndpoint(context.api, receiver.url, ['cut.completed', 'render.cancelled']);
		const asset = context.emulator.control.seedAsset({ format: 'mp4' });
		const cut = await context.api.post('/v1/cuts', { asset_id: asset.id });
		await context.emulator.control.idle();
		const render = await context.api.post('/v1/renders', { asset_id: asset.id, output: { format: 'mp4' } });
		await context.api.post(`/v1/renders/${render.json.id}/cancel`);
		await context.emulator.control.idle();
		expect(receiver.received.map((delivery) => JSON.parse(delivery.body))).toEqual([
			{ type: 'cut.completed', data: { entity_id: cut.json.id, asset_id: asset.id } },
			{ type: 'render.cancelled', data: { entity_id: render.json.id, asset_id: asset.id } },
		]);
	});

	test('a pending_payment asset fires asset.pending_payment, and the top-up fires asset.ready from pending_payment', async () => {
		await registerEndpoint(context.api, receiver.url, ['asset.ready', 'asset.pending_payment']);
		context.emulator.control.setBalance(1);
		const id = await readyAsset(context.emulator, context.api, fakeMp3(2 * 960_000));
		context.emulator.control.topUp(10);
		await context.emulator.control.idle();
		expect(receiver.received.map((delivery) => JSON.parse(delivery.body))).toEqual([
			{ type: 'asset.pending_payment', data: { entity_id: id, asset_id: id } },
			{ type: 'asset.ready', data: { entity_id: id, asset_id: id, previous_state: 'pending_payment' } },
		]);
	});

	test('a deleted endpoint receives nothing more', async () => {
		const endpoint = await registerEndpoint(context.api, receiver.url, ['asset.ready']);
		await context.api.delete(`/v1/webhook-endpoints/${endpoint.id}`);
		await readyAsset(context.emulator, context.api, fakeMp3(16_000));
		await context.emulator.control.idle();
		expect(receiver.received).toHaveLength(0);
	});
});
