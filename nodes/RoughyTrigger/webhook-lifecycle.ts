import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { getBaseUrl } from '../shared/transport';
import type { WebhookEndpoint, WebhookEventType } from '../shared/types';
import { decodeSvixSecret } from '../shared/webhooks';
import {
	clearRegistration,
	readRegistration,
	REGISTRATION_SLOTS,
	saveRegistration,
	slotForMode,
	type Registration,
	type RegistrationSlot,
	type SecretSource,
} from './registration-store';
import { describeUnreachable, unreachableReason } from './registration-url';
import { handsOutNoSecret, rememberHandsOutNoSecret, SigningSecretMissingError } from './missing-secret';
import {
	createWebhookEndpoint,
	deleteWebhookEndpoint,
	fetchWebhookEndpointSecret,
	listWebhookEndpoints,
} from './webhook-endpoints';

/**
 * The trigger's webhook lifecycle (n8n calls checkExists, then create if it
 * said false; delete on deactivation; the same three with the test URL for
 * "Listen for test event").
 *
 * Which endpoints are ours:
 * - the one whose id we stored for this slot, as long as it still points at
 *   this trigger (same webhook path; only the host may have changed), and
 * - any endpoint registered for exactly this trigger's current URL: the URL
 *   contains the node's webhook id, so nothing else can own it (this is how
 *   endpoints orphaned by lost static data get repaired).
 * Endpoints for any other URL belong to other workflows and are never touched.
 */

const MAX_DESCRIPTION_LENGTH = 200;

function sameUrl(a: string, b: string): boolean {
	try {
		return new URL(a).href === new URL(b).href;
	} catch {
		return a === b;
	}
}

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
	const left = [...new Set(a)].sort();
	const right = [...new Set(b)].sort();
	return left.length === right.length && left.every((event, index) => event === right[index]);
}

/** The part of the webhook URL n8n derives from this node (`/<webhookId>/webhook`). */
function nodePathSuffix(context: IHookFunctions, webhookUrl: string): string {
	const path = new URL(webhookUrl).pathname;
	const webhookId = context.getNode().webhookId;
	const start = webhookId ? path.indexOf(`/${webhookId}/`) : -1;
	return start >= 0 ? path.slice(start) : path;
}

function pointsAtThisNode(url: string, suffix: string): boolean {
	try {
		return new URL(url).pathname.endsWith(suffix);
	} catch {
		return false;
	}
}

function currentWebhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this trigger');
	}
	return url;
}

function selectedEvents(context: IHookFunctions): WebhookEventType[] {
	const events = context.getNodeParameter('events', []) as WebhookEventType[];
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one event to listen for', {
			description: 'Pick the Roughy events that should start this workflow in the Events field.',
		});
	}
	return [...new Set(events)];
}

function typedSecret(context: IHookFunctions): string {
	const value = context.getNodeParameter('signingSecret', '') as string;
	return typeof value === 'string' ? value.trim() : '';
}

async function assertRoughyCanReach(context: IHookFunctions, webhookUrl: string, baseUrl: string): Promise<void> {
	const reason = unreachableReason(webhookUrl, baseUrl);
	if (!reason) return;
	const { message, description } = describeUnreachable(reason, webhookUrl);
	throw new NodeOperationError(context.getNode(), message, { description });
}

function endpointDescription(context: IHookFunctions): string {
	const text = `n8n: ${context.getWorkflow().name ?? 'workflow'} / ${context.getNode().name}`;
	return text.length > MAX_DESCRIPTION_LENGTH ? `${text.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…` : text;
}

/** True only when the stored endpoint exists, matches URL and events, and is the only one for the URL. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const stored = readRegistration(this.getWorkflowStaticData('node'), slotForMode(this.getMode()));
	if (!stored?.secret) return false;
	const webhookUrl = currentWebhookUrl(this);
	const events = selectedEvents(this);
	if (!sameUrl(stored.url, webhookUrl) || !sameEvents(stored.eventTypes, events)) return false;

	const endpoints = await listWebhookEndpoints(this);
	const registered = endpoints.find((endpoint) => endpoint.id === stored.endpointId);
	if (!registered || !sameUrl(registered.url, webhookUrl)) return false;
	if (Array.isArray(registered.event_types) && !sameEvents(registered.event_types, events)) return false;
	// A second endpoint for our URL (e.g. orphaned by lost static data) would
	// deliver with a secret we don't have: let create() replace both.
	return endpoints.filter((endpoint) => sameUrl(endpoint.url, webhookUrl)).length === 1;
}

/** What create() replaces: the stored one if it still aims at this node, and all for our exact URL. */
function endpointsToReplace(
	endpoints: WebhookEndpoint[],
	stored: Registration | undefined,
	webhookUrl: string,
	nodeSuffix: string,
): WebhookEndpoint[] {
	return endpoints.filter((endpoint) => {
		if (sameUrl(endpoint.url, webhookUrl)) return true;
		// Static data copied from another workflow (an import, say) carries
		// that workflow's endpoint id: only one still aimed at this node is ours.
		return endpoint.id === stored?.endpointId && pointsAtThisNode(endpoint.url, nodeSuffix);
	});
}

async function obtainSecret(
	context: IHookFunctions,
	endpointId: string,
	fromResponse: string | undefined,
): Promise<{ secret: string; secretSource: SecretSource } | undefined> {
	if (fromResponse) return { secret: fromResponse, secretSource: 'create-response' };
	const fetched = await fetchWebhookEndpointSecret(context, endpointId);
	if (fetched) return { secret: fetched, secretSource: 'secret-endpoint' };
	const typed = typedSecret(context);
	if (typed) return { secret: typed, secretSource: 'node-parameter' };
	return undefined;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const slot = slotForMode(this.getMode());
	const webhookUrl = currentWebhookUrl(this);
	const events = selectedEvents(this);
	const baseUrl = await getBaseUrl(this);
	await assertRoughyCanReach(this, webhookUrl, baseUrl);
	const typed = typedSecret(this);
	if (typed && !decodeSvixSecret(typed)) {
		throw new NodeOperationError(this.getNode(), "The Signing Secret isn't a Roughy signing secret", {
			description: 'Paste the whole secret from the Roughy dashboard. It starts with "whsec_".',
		});
	}
	if (!typed && handsOutNoSecret(baseUrl)) throw new SigningSecretMissingError(this.getNode());

	const stored = readRegistration(staticData, slot);
	const stale = endpointsToReplace(
		await listWebhookEndpoints(this),
		stored,
		webhookUrl,
		nodePathSuffix(this, webhookUrl),
	);
	for (const endpoint of stale) await deleteWebhookEndpoint(this, endpoint.id);
	clearRegistration(staticData, slot);

	const created = await createWebhookEndpoint(this, {
		url: webhookUrl,
		event_types: events,
		description: endpointDescription(this),
	});
	const secret = await obtainSecret(this, created.id, created.secret);
	if (!secret) {
		// Without a secret every delivery would be refused: don't leave it registered.
		await deleteWebhookEndpoint(this, created.id);
		rememberHandsOutNoSecret(baseUrl);
		throw new SigningSecretMissingError(this.getNode());
	}

	saveRegistration(staticData, slot, {
		endpointId: created.id,
		url: webhookUrl,
		eventTypes: events,
		...secret,
	});
	return true;
}

/**
 * n8n deactivates test and published webhooks alike (mode "internal"), so
 * the URL being deactivated, not the mode, says which registration this is.
 */
function slotRegisteredFor(staticData: IDataObject, webhookUrl: string): RegistrationSlot | undefined {
	return REGISTRATION_SLOTS.find((slot) => {
		const registration = readRegistration(staticData, slot);
		return registration !== undefined && sameUrl(registration.url, webhookUrl);
	});
}

/**
 * Removes our endpoint. Idempotent: an endpoint that is already gone is fine,
 * and the registration is forgotten whatever happens, so the next activation
 * starts clean (and repairs anything left behind by URL).
 */
export async function deleteEndpoint(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const webhookUrl = currentWebhookUrl(this);
	const slot = slotRegisteredFor(staticData, webhookUrl);
	try {
		const stored = slot && readRegistration(staticData, slot);
		if (stored) await deleteWebhookEndpoint(this, stored.endpointId);
		for (const endpoint of await listWebhookEndpoints(this)) {
			if (sameUrl(endpoint.url, webhookUrl)) await deleteWebhookEndpoint(this, endpoint.id);
		}
		return true;
	} catch (error) {
		this.logger.warn(
			`Roughy Trigger: could not remove the webhook endpoint (${(error as Error).message}); the next activation cleans it up`,
		);
		return false;
	} finally {
		if (slot) clearRegistration(staticData, slot);
	}
}
