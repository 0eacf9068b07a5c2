import { randomBytes } from 'node:crypto';

/** A Svix signing secret: `whsec_` and the base64 of 24 random bytes. */
export function newWebhookSecret(): string {
	return `whsec_${randomBytes(24).toString('base64')}`;
}
