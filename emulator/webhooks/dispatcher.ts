import type { EmulatorCore } from '../core';
import { opaqueId } from '../ids';
import type { WebhookEndpointRecord, WebhookEventType } from '../model';
import type { EventData, EventSink } from './events';
import { signWithSvix } from './svix-worker';

/** One delivery attempt, as the receiving URL saw it. Never holds a secret. */
export interface DeliveryRecord {
	messageId: string;
	endpointId: string | null;
	url: string;
	type: string;
	/** The exact body sent. */
	payload: string;
	/** 1 for the first try, 2+ for retries (same messageId). */
	attempt: number;
	headers: Record<string, string>;
	/** HTTP status the receiver answered, or null when the request failed. */
	status: number | null;
	error: string | null;
	at: string;
	durationMs: number;
	/** True for control.sendWebhook deliveries (possibly forged), false for the emulator's own events. */
	custom: boolean;
}

/** An arbitrary delivery for tests: a forged signature, another secret, an old timestamp, any body. */
export interface CustomDelivery {
	/** Target: an endpoint's URL and secret, or an explicit url. */
	endpointId?: string;
	url?: string;
	type?: string;
	data?: Record<string, unknown>;
	/** Raw body; default JSON of {type, data}. */
	payload?: string;
	/** Sign with these secrets instead of the endpoint's. */
	secrets?: string[];
	/** Send this svix-signature verbatim (no signing). */
	signature?: string;
	/** svix-timestamp in ms; default now. */
	timestampMs?: number;
	msgId?: string;
	/** Extra or overriding headers. */
	headers?: Record<string, string>;
}

interface Message {
	id: string;
	endpoint: WebhookEndpointRecord;
	type: WebhookEventType;
	payload: string;
}

/**
 * Delivers events the way Svix does for Roughy: body `{type, data}`,
 * svix-id/svix-timestamp/svix-signature headers signed with the official
 * library, retries on anything but 2xx with the same svix-id on a short,
 * bounded schedule (the real schedule is Svix's, minutes to days).
 */
export class WebhookDispatcher implements EventSink {
	readonly deliveries: DeliveryRecord[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly controllers = new Set<AbortController>();
	private inFlight = 0;
	private idleWaiters: Array<() => void> = [];
	private closed = false;

	constructor(private readonly core: EmulatorCore) {}

	emit(type: WebhookEventType, data: EventData): void {
		const payload = JSON.stringify({ type, data });
		for (const endpoint of this.core.state.endpoints.values()) {
			if (!endpoint.event_types.includes(type)) continue;
			this.track(this.attempt({ id: opaqueId('msg'), endpoint, type, payload }, 1));
		}
	}

	/** Sends one delivery (no retries) and returns what happened. */
	async sendCustom(delivery: CustomDelivery): Promise<DeliveryRecord> {
		const endpoint = delivery.endpointId ? this.core.state.endpoints.get(delivery.endpointId) : undefined;
		const url = delivery.url ?? endpoint?.url;
		if (!url) throw new Error('sendWebhook needs a url or a known endpointId');
		const type = delivery.type ?? 'asset.ready';
		const payload = delivery.payload ?? JSON.stringify({ type, data: delivery.data ?? {} });
		const msgId = delivery.msgId ?? opaqueId('msg');
		const timestampMs = delivery.timestampMs ?? this.core.clock.nowMs();
		const secrets = delivery.secrets ?? (endpoint ? this.activeSecrets(endpoint) : []);
		const signature = delivery.signature ?? (secrets.length > 0 ? await signWithSvix(secrets, msgId, timestampMs, payload) : '');
		const headers = { ...svixHeaders(msgId, timestampMs, signature), ...(delivery.headers ?? {}) };
		const record = await this.post(url, payload, headers, { messageId: msgId, endpointId: endpoint?.id ?? null, type, attempt: 1, custom: true });
		return record;
	}

	/** Resolves when no delivery is in flight or waiting for a retry. */
	idle(): Promise<void> {
		if (this.inFlight === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	close(): void {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const controller of this.controllers) controller.abort();
	}

	reset(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.deliveries.length = 0;
	}

	/** Secrets that sign right now: the current one, plus rotated-out ones still in their grace period. */
	private activeSecrets(endpoint: WebhookEndpointRecord): string[] {
		const now = this.core.clock.nowMs();
		return endpoint.secrets.filter((secret) => secret.retiresAtMs === null || secret.retiresAtMs > now).map((secret) => secret.key);
	}

	private async attempt(message: Message, attempt: number): Promise<void> {
		if (this.closed || !this.core.state.endpoints.has(message.endpoint.id)) return;
		const timestampMs = this.core.clock.nowMs();
		const signature = await signWithSvix(this.activeSecrets(message.endpoint), message.id, timestampMs, message.payload);
		const record = await this.post(message.endpoint.url, message.payload, svixHeaders(message.id, timestampMs, signature), {
			messageId: message.id,
			endpointId: message.endpoint.id,
			type: message.type,
			attempt,
			custom: false,
		});
		const delivered = record.status !== null && record.status >= 200 && record.status < 300;
		const delay = this.core.options.webhookRetryDelaysMs[attempt - 1];
		if (delivered || delay === undefined || this.closed) return;
		this.inFlight++;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.inFlight--;
			this.track(this.attempt(message, attempt + 1));
		}, delay);
		this.timers.add(timer);
	}

	private async post(
		url: string,
		payload: string,
		headers: Record<string, string>,
		meta: Pick<DeliveryRecord, 'messageId' | 'endpointId' | 'type' | 'attempt' | 'custom'>,
	): Promise<DeliveryRecord> {
		const started = Date.now();
		const controller = new AbortController();
		this.controllers.add(controller);
		const timeout = setTimeout(() => controller.abort(), this.core.options.webhookTimeoutMs);
		const record: DeliveryRecord = {
			...meta,
			url,
			payload,
			headers,
			status: null,
			error: null,
			at: this.core.clock.timestamp(),
			durationMs: 0,
		};
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'User-Agent': 'Svix-Webhooks/1.0 (roughy-emulator)', ...headers },
				body: payload,
				signal: controller.signal,
			});
			await response.arrayBuffer().catch(() => undefined);
			record.status = response.status;
		} catch (error) {
			record.error = error instanceof Error ? error.message : String(error);
		} finally {
			clearTimeout(timeout);
			this.controllers.delete(controller);
			record.durationMs = Date.now() - started;
		}
		this.deliveries.push(record);
		return record;
	}

	private track(work: Promise<void>): void {
		this.inFlight++;
		work
			.catch((error) => console.error('[roughy-emulator] webhook delivery failed:', error))
			.finally(() => {
				this.inFlight--;
				if (this.inFlight === 0) {
					const waiters = this.idleWaiters;
					this.idleWaiters = [];
					for (const resolve of waiters) resolve();
				}
			});
	}
}

function svixHeaders(msgId: string, timestampMs: number, signature: string): Record<string, string> {
	return { 'svix-id': msgId, 'svix-timestamp': String(Math.floor(timestampMs / 1000)), 'svix-signature': signature };
}
