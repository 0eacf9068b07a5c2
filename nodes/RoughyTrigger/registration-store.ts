import type { IDataObject } from 'n8n-workflow';

import type { WebhookEventType } from '../shared/types';

/**
 * What the trigger keeps in the node's workflow static data.
 *
 * Production and test ("Listen for test event") registrations live in
 * separate slots: n8n runs the same lifecycle for both, with different URLs,
 * and a test run must never replace or remove the published workflow's
 * endpoint. Values are always replaced whole, never mutated in place: n8n
 * saves static data only when its proxy saw a change, and an object assigned
 * during a run is not proxied itself.
 */

export const REGISTRATION_SLOTS = ['production', 'test'] as const;
export type RegistrationSlot = (typeof REGISTRATION_SLOTS)[number];

export type SecretSource = 'create-response' | 'secret-endpoint' | 'node-parameter';

export interface Registration {
	endpointId: string;
	/** The webhook URL the endpoint was registered for. */
	url: string;
	eventTypes: WebhookEventType[];
	/** The Svix signing secret (`whsec_…`). Never logged, never output. */
	secret: string;
	secretSource: SecretSource;
}

export interface DeliveryRecord {
	/** The svix-id. */
	id: string;
	/** When we accepted it, in ms since the epoch. */
	at: number;
}

const SLOT_KEYS: Record<RegistrationSlot, string> = {
	production: 'productionEndpoint',
	test: 'testEndpoint',
};
const DELIVERIES_KEY = 'recentDeliveries';

/** How many delivery ids are remembered to ignore Svix's retries. */
export const MAX_REMEMBERED_DELIVERIES = 1000;
/** Svix stops retrying after about a day and a half; older ids are dropped. */
export const DELIVERY_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The slot checkExists and create work on: n8n runs them in "manual" mode for
 * "Listen for test event" and in "trigger" mode for the published workflow.
 */
export function slotForMode(mode: string): RegistrationSlot {
	return mode === 'manual' ? 'test' : 'production';
}

function isRegistration(value: unknown): value is Registration {
	const candidate = value as Partial<Registration> | undefined;
	return (
		typeof candidate?.endpointId === 'string' &&
		typeof candidate.url === 'string' &&
		Array.isArray(candidate.eventTypes)
	);
}

export function readRegistration(staticData: IDataObject, slot: RegistrationSlot): Registration | undefined {
	const value = staticData[SLOT_KEYS[slot]];
	return isRegistration(value) ? value : undefined;
}

export function saveRegistration(
	staticData: IDataObject,
	slot: RegistrationSlot,
	registration: Registration,
): void {
	staticData[SLOT_KEYS[slot]] = { ...registration, eventTypes: [...registration.eventTypes] };
}

export function clearRegistration(staticData: IDataObject, slot: RegistrationSlot): void {
	delete staticData[SLOT_KEYS[slot]];
}

/** The secrets deliveries may be signed with, the given slot's first. */
export function storedSecrets(staticData: IDataObject, preferred: RegistrationSlot): string[] {
	const order: RegistrationSlot[] = preferred === 'test' ? ['test', 'production'] : ['production', 'test'];
	return order
		.map((slot) => readRegistration(staticData, slot)?.secret)
		.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
}

function readDeliveries(staticData: IDataObject): DeliveryRecord[] {
	const value = staticData[DELIVERIES_KEY];
	if (!Array.isArray(value)) return [];
	return value.filter(
		(entry): entry is DeliveryRecord =>
			typeof (entry as DeliveryRecord)?.id === 'string' && typeof (entry as DeliveryRecord).at === 'number',
	);
}

export function wasDelivered(staticData: IDataObject, deliveryId: string): boolean {
	return readDeliveries(staticData).some((entry) => entry.id === deliveryId);
}

export function rememberDelivery(staticData: IDataObject, deliveryId: string, now = Date.now()): void {
	rememberDeliveries(staticData, [{ id: deliveryId, at: now }], now);
}

/**
 * Adds the given records to the stored ones (the newest time wins for an
 * id), drops those older than DELIVERY_MEMORY_MS and keeps the newest
 * MAX_REMEMBERED_DELIVERIES.
 */
export function rememberDeliveries(staticData: IDataObject, records: DeliveryRecord[], now = Date.now()): void {
	const merged = new Map<string, number>();
	for (const entry of [...readDeliveries(staticData), ...records]) {
		merged.set(entry.id, Math.max(entry.at, merged.get(entry.id) ?? entry.at));
	}
	const kept = [...merged]
		.filter(([, at]) => now - at < DELIVERY_MEMORY_MS)
		.sort(([, a], [, b]) => a - b)
		.map(([id, at]) => ({ id, at }));
	staticData[DELIVERIES_KEY] = kept.slice(-MAX_REMEMBERED_DELIVERIES);
}
