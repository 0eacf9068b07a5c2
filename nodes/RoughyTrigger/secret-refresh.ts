import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { readRegistration, saveRegistration, type RegistrationSlot } from './registration-store';
import { fetchWebhookEndpointSecret } from './webhook-endpoints';

/**
 * When Roughy rotates an endpoint's signing secret, deliveries are signed
 * with the old and the new one for a while, then with the new one only.
 * The trigger keeps the secret it got at activation, so after that it would
 * refuse every delivery until the workflow is activated again. Instead, a
 * delivery whose signature matches no stored secret makes the trigger read
 * the endpoint's current secret once and check again.
 *
 * Anyone can post to the webhook URL, so the reads are limited: at most one
 * per endpoint in this interval, kept in memory (a refused delivery saves no
 * static data), whatever arrives.
 */
export const SECRET_REFRESH_INTERVAL_MS = 5 * 60_000;

/** Endpoints remembered for the limit; far more than one n8n instance has triggers. */
const MAX_ENDPOINTS_TRACKED = 1000;

const lastRefreshAt = new Map<string, number>();

function mayRefresh(endpointId: string, now: number): boolean {
	const last = lastRefreshAt.get(endpointId);
	if (last !== undefined && now - last < SECRET_REFRESH_INTERVAL_MS) return false;
	lastRefreshAt.delete(endpointId);
	lastRefreshAt.set(endpointId, now);
	// Map keeps insertion order: the first key is the least recently refreshed.
	if (lastRefreshAt.size > MAX_ENDPOINTS_TRACKED) lastRefreshAt.delete(lastRefreshAt.keys().next().value as string);
	return true;
}

/**
 * The endpoint's current signing secret, when it differs from the stored
 * one and the limit allows a read; otherwise undefined. A secret the user
 * typed in the node is theirs to change, so it is never replaced.
 */
export async function newerSigningSecret(
	context: IWebhookFunctions,
	staticData: IDataObject,
	slot: RegistrationSlot,
	now = Date.now(),
): Promise<string | undefined> {
	const registration = readRegistration(staticData, slot);
	if (!registration || registration.secretSource === 'node-parameter') return undefined;
	if (!mayRefresh(registration.endpointId, now)) return undefined;
	// Roughy's sender is waiting for the answer: one quick retry at most.
	const secret = await fetchWebhookEndpointSecret(context, registration.endpointId, 'quick').catch(() => undefined);
	return secret && secret !== registration.secret ? secret : undefined;
}

/** Keeps a secret that verified a delivery, for every delivery after it. */
export function adoptSigningSecret(staticData: IDataObject, slot: RegistrationSlot, secret: string): void {
	const registration = readRegistration(staticData, slot);
	if (!registration) return;
	saveRegistration(staticData, slot, { ...registration, secret, secretSource: 'secret-endpoint' });
}

/** Forgets every limit (tests). */
export function resetSecretRefreshLimits(): void {
	lastRefreshAt.clear();
}
