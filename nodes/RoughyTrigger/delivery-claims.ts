import type { IDataObject } from 'n8n-workflow';

import {
	DELIVERY_MEMORY_MS,
	MAX_REMEMBERED_DELIVERIES,
	rememberDeliveries,
	wasDelivered,
	type DeliveryRecord,
} from './registration-store';

/**
 * Exactly one execution per svix-id: which deliveries this trigger accepted.
 *
 * Two records, because neither is enough alone:
 * - the node's static data, which n8n saves to its database when webhook()
 *   answers the request itself (see delivery.ts) and every n8n process reads
 *   again for each request: survives restarts, and a redelivery that lands
 *   on another process (main or a webhook process) finds it;
 * - this process's memory, taken synchronously before anything is awaited:
 *   two copies of a delivery arriving together can't both pass, and ids are
 *   kept even when n8n saves static data whole and a concurrent delivery's
 *   save overwrites ours (last writer wins).
 *
 * What is not covered: a copy that reaches a different n8n process while
 * the first is being handled, or in the milliseconds between the answer and
 * n8n writing the static data (live-webhooks.js saves it in the callback
 * that hands over the answer). Svix sends a retry only 5 s or more after the
 * previous attempt failed or timed out, so this needs a duplicate Svix
 * itself sent twice at once.
 */

interface Pending {
	/** Resolves to whether the first copy was accepted (true) or refused to be retried (false). */
	outcome: Promise<boolean>;
	settle(accepted: boolean): void;
}

interface Scope {
	/** Accepted ids with the time they were accepted, oldest first. */
	accepted: Map<string, number>;
	pending: Map<string, Pending>;
}

/** Triggers remembered per process; far more than one n8n instance has. */
const MAX_SCOPES = 1000;
const scopes = new Map<string, Scope>();

function scopeFor(key: string): Scope {
	let scope = scopes.get(key);
	if (!scope) {
		scope = { accepted: new Map(), pending: new Map() };
		scopes.set(key, scope);
		if (scopes.size > MAX_SCOPES) scopes.delete(scopes.keys().next().value as string);
	}
	return scope;
}

function forgetOld(scope: Scope, now: number): void {
	for (const [id, at] of scope.accepted) {
		if (now - at < DELIVERY_MEMORY_MS && scope.accepted.size <= MAX_REMEMBERED_DELIVERIES) break;
		scope.accepted.delete(id);
	}
}

export type Claim =
	| { kind: 'duplicate' }
	/** Another copy of this delivery is being handled right now in this process. */
	| { kind: 'in-progress'; outcome: Promise<boolean> }
	| {
			kind: 'claimed';
			/** Records the id in memory and in the node's static data. */
			accept(): void;
			/** Lets a later copy of the delivery try again (the sender was told to retry). No-op after accept(). */
			release(): void;
	  };

/**
 * Checks and takes a delivery id in one synchronous step. `scopeKey` names
 * the trigger (workflow and node); `staticData` is the node's static data.
 */
export function claimDelivery(
	scopeKey: string,
	staticData: IDataObject,
	deliveryId: string,
	now = Date.now(),
): Claim {
	const scope = scopeFor(scopeKey);
	forgetOld(scope, now);
	if (scope.accepted.has(deliveryId) || wasDelivered(staticData, deliveryId)) return { kind: 'duplicate' };
	const inProgress = scope.pending.get(deliveryId);
	if (inProgress) return { kind: 'in-progress', outcome: inProgress.outcome };

	let settle: (accepted: boolean) => void = () => {};
	const outcome = new Promise<boolean>((resolve) => {
		settle = resolve;
	});
	const pending: Pending = { outcome, settle };
	scope.pending.set(deliveryId, pending);
	let settled = false;
	const finish = (accepted: boolean) => {
		if (settled) return;
		settled = true;
		if (scope.pending.get(deliveryId) === pending) scope.pending.delete(deliveryId);
		settle(accepted);
	};
	return {
		kind: 'claimed',
		accept() {
			if (settled) return;
			scope.accepted.set(deliveryId, now);
			forgetOld(scope, now);
			const known: DeliveryRecord[] = [...scope.accepted].map(([id, at]) => ({ id, at }));
			rememberDeliveries(staticData, known, now);
			finish(true);
		},
		release() {
			finish(false);
		},
	};
}

/** Forgets every accepted id in this process, as a restart would (tests). */
export function forgetClaimsInMemory(): void {
	scopes.clear();
}
