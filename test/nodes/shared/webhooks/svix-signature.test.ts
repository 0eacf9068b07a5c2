import { randomBytes } from 'crypto';

import {
	decodeSvixSecret,
	SVIX_TOLERANCE_SECONDS,
	verifySvixSignature,
	type SvixDelivery,
} from '../../../../nodes/shared/webhooks';
import { newMessageId, newSvixSecret, nowSeconds, signWithSvix, stopSvixSigner } from '../../../webhooks/svix-signer';

const BODY = JSON.stringify({ type: 'cut.completed', data: { entity_id: 'c1', asset_id: 'a1' } });

/** A delivery as Roughy (Svix) would send it, signed by the svix library. */
async function signedDelivery(
	secret: string,
	overrides: { timestamp?: number; body?: string } = {},
): Promise<SvixDelivery> {
	const id = newMessageId();
	const timestamp = overrides.timestamp ?? nowSeconds();
	const payload = overrides.body ?? BODY;
	const signature = await signWithSvix({ secret, id, timestamp, payload });
	return { id, timestamp: String(timestamp), signature, rawBody: Buffer.from(payload) };
}

describe('Svix signature verification', () => {
	afterAll(() => stopSvixSigner());

	test('accepts a delivery signed by the official svix library', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);

		const result = verifySvixSignature(delivery, [secret]);

		expect(result).toEqual({
			valid: true,
			id: delivery.id,
			signedAt: new Date(Number(delivery.timestamp) * 1000),
		});
	});

	test('accepts the body given as a string as well as bytes', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);

		expect(verifySvixSignature({ ...delivery, rawBody: BODY }, [secret]).valid).toBe(true);
	});

	test('accepts a secret pasted without the whsec_ prefix', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);

		expect(verifySvixSignature(delivery, [secret.slice('whsec_'.length)]).valid).toBe(true);
	});

	test('during a key rotation, either signature in the header is enough', async () => {
		const oldSecret = newSvixSecret();
		const newSecret = newSvixSecret();
		const id = newMessageId();
		const timestamp = nowSeconds();
		const oldSignature = await signWithSvix({ secret: oldSecret, id, timestamp, payload: BODY });
		const newSignature = await signWithSvix({ secret: newSecret, id, timestamp, payload: BODY });
		const delivery = {
			id,
			timestamp: String(timestamp),
			signature: `${oldSignature} ${newSignature}`,
			rawBody: Buffer.from(BODY),
		};

		expect(verifySvixSignature(delivery, [newSecret]).valid).toBe(true);
		expect(verifySvixSignature(delivery, [oldSecret]).valid).toBe(true);
		expect(verifySvixSignature(delivery, [newSvixSecret()]).valid).toBe(false);
	});

	test('any of several candidate secrets may match', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);

		expect(verifySvixSignature(delivery, [newSvixSecret(), secret]).valid).toBe(true);
	});

	test('refuses a forged signature', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);
		const forged = { ...delivery, signature: `v1,${randomBytes(32).toString('base64')}` };

		expect(verifySvixSignature(forged, [secret])).toEqual({
			valid: false,
			failedCheck: 'signature',
			reason: 'No v1 signature in svix-signature matches the body',
		});
	});

	test('refuses a tampered body', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);
		const tampered = { ...delivery, rawBody: Buffer.from(BODY.replace('c1', 'c2')) };

		expect(verifySvixSignature(tampered, [secret])).toMatchObject({ valid: false, failedCheck: 'signature' });
	});

	test('refuses a signature made with another secret', async () => {
		const delivery = await signedDelivery(newSvixSecret());

		expect(verifySvixSignature(delivery, [newSvixSecret()])).toMatchObject({
			valid: false,
			failedCheck: 'signature',
		});
	});

	test('refuses a valid signature moved to another message id', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);

		expect(verifySvixSignature({ ...delivery, id: newMessageId() }, [secret])).toMatchObject({
			valid: false,
			failedCheck: 'signature',
		});
	});

	test('ignores signatures of other scheme versions', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret);
		const otherVersion = { ...delivery, signature: delivery.signature!.replace(/^v1,/, 'v1a,') };

		expect(verifySvixSignature(otherVersion, [secret])).toMatchObject({
			valid: false,
			failedCheck: 'signature',
		});
	});

	test.each(['id', 'timestamp', 'signature'] as const)('refuses a delivery without svix-%s', async (field) => {
		const secret = newSvixSecret();
		const delivery = { ...(await signedDelivery(secret)), [field]: undefined };

		expect(verifySvixSignature(delivery, [secret])).toEqual({
			valid: false,
			failedCheck: 'headers',
			reason: `Missing header svix-${field}`,
		});
	});

	test('refuses a delivery signed more than five minutes ago', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret, { timestamp: nowSeconds() - SVIX_TOLERANCE_SECONDS - 10 });

		expect(verifySvixSignature(delivery, [secret])).toEqual({
			valid: false,
			failedCheck: 'timestamp',
			reason: 'The delivery was signed more than 300 seconds ago',
		});
	});

	test('refuses a delivery dated more than five minutes in the future', async () => {
		const secret = newSvixSecret();
		const delivery = await signedDelivery(secret, { timestamp: nowSeconds() + SVIX_TOLERANCE_SECONDS + 10 });

		expect(verifySvixSignature(delivery, [secret])).toEqual({
			valid: false,
			failedCheck: 'timestamp',
			reason: 'The delivery is dated more than 300 seconds in the future',
		});
	});

	test('accepts a delivery just inside the tolerance on either side', async () => {
		const secret = newSvixSecret();
		const signedAt = nowSeconds();
		const delivery = await signedDelivery(secret, { timestamp: signedAt });

		const justBefore = { nowSeconds: signedAt + SVIX_TOLERANCE_SECONDS };
		const justAfter = { nowSeconds: signedAt - SVIX_TOLERANCE_SECONDS };

		expect(verifySvixSignature(delivery, [secret], justBefore).valid).toBe(true);
		expect(verifySvixSignature(delivery, [secret], justAfter).valid).toBe(true);
	});

	test('refuses a timestamp that is not Unix seconds', async () => {
		const secret = newSvixSecret();
		const delivery = { ...(await signedDelivery(secret)), timestamp: new Date().toISOString() };

		expect(verifySvixSignature(delivery, [secret])).toMatchObject({
			valid: false,
			failedCheck: 'timestamp',
		});
	});

	test('refuses everything when there is no usable secret', async () => {
		const delivery = await signedDelivery(newSvixSecret());

		expect(verifySvixSignature(delivery, [])).toMatchObject({ valid: false, failedCheck: 'secret' });
		expect(verifySvixSignature(delivery, ['whsec_', 'not base64!'])).toMatchObject({
			valid: false,
			failedCheck: 'secret',
		});
	});
});

describe('Svix secrets', () => {
	test('the key is the base64 part after whsec_', () => {
		const key = randomBytes(24);

		expect(decodeSvixSecret(`whsec_${key.toString('base64')}`)).toEqual(key);
	});

	test.each(['', 'whsec_', 'whsec_not base64', 'hunter2!'])('"%s" is not a secret', (value) => {
		expect(decodeSvixSecret(value)).toBeUndefined();
	});
});
