import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { verifySvixSignature } from '../shared/webhooks';
import { entityTypeOf, fetchEventEntity } from './full-resource';
import { claimDelivery } from './delivery-claims';
import { slotForMode, storedSecrets } from './registration-store';
import { adoptSigningSecret, newerSigningSecret } from './secret-refresh';

/**
 * Handles one delivery from Roughy (via Svix): verify, de-duplicate, filter,
 * then turn the event into one item.
 *
 * The trigger always answers the request itself (`noWebhookResponse`). n8n
 * saves the static data a webhook() changed when it hands over the answer;
 * n8n 2.x does that for an answer it builds itself only after it started the
 * execution, and starting it clears the "changed" mark, so the record of
 * accepted deliveries would be lost. Its own answer for a trigger is also no
 * acknowledgement (the literal text `firstEntryJson`).
 */

interface RoughyEventBody {
	type: string;
	data: IDataObject;
}

const RESERVED_KEYS = ['event', 'entity_id', 'asset_id', 'delivery_id', 'delivered_at'];

function header(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function parseEvent(rawBody: Buffer): RoughyEventBody | undefined {
	try {
		const body = JSON.parse(rawBody.toString('utf8')) as Partial<RoughyEventBody>;
		if (typeof body?.type !== 'string') return undefined;
		const data = body.data && typeof body.data === 'object' ? body.data : {};
		return { type: body.type, data };
	} catch {
		return undefined;
	}
}

function respond(context: IWebhookFunctions, status: number, text: string): IWebhookResponseData {
	context.getResponseObject().status(status).send(text);
	return { noWebhookResponse: true };
}

/** What Roughy's delivery log shows for an accepted delivery. */
export const ACKNOWLEDGEMENT = { received: true } as const;

function acknowledge(context: IWebhookFunctions, details: IDataObject = {}): void {
	context.getResponseObject().status(200).json({ ...ACKNOWLEDGEMENT, ...details });
}

/** The output item: event, ids first, the rest of `data`, then the delivery's id and time. */
export function eventToItem(event: RoughyEventBody, deliveryId: string, deliveredAt: Date): IDataObject {
	const entityType = entityTypeOf(event.type);
	const rest = Object.fromEntries(
		Object.entries(event.data).filter(([key]) => !RESERVED_KEYS.includes(key)),
	);
	const entityId = event.data.entity_id ?? null;
	return {
		event: event.type,
		entity_id: entityId,
		asset_id: event.data.asset_id ?? (entityType === 'asset' ? entityId : null),
		...rest,
		delivery_id: deliveryId,
		delivered_at: deliveredAt.toISOString(),
	};
}

export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	if (!request.rawBody) await request.readRawBody();
	const headers = this.getHeaderData();
	const staticData = this.getWorkflowStaticData('node');
	const slot = slotForMode(this.getMode());
	const typedSecret = String(this.getNodeParameter('signingSecret', '') ?? '').trim();
	const secrets = [...storedSecrets(staticData, slot), typedSecret].filter(Boolean);

	const delivery = {
		id: header(headers['svix-id']),
		timestamp: header(headers['svix-timestamp']),
		signature: header(headers['svix-signature']),
		rawBody: request.rawBody ?? Buffer.alloc(0),
	};
	let verification = verifySvixSignature(delivery, secrets);
	if (!verification.valid && verification.failedCheck === 'signature') {
		// Well-formed and recent, but signed with no secret we know: Roughy may have rotated it.
		const newer = await newerSigningSecret(this, staticData, slot);
		if (newer) {
			const again = verifySvixSignature(delivery, [newer]);
			if (again.valid) {
				adoptSigningSecret(staticData, slot, newer);
				this.logger.info('Roughy Trigger: the webhook signing secret was rotated in Roughy; using the new one');
				verification = again;
			}
		}
	}
	if (!verification.valid) {
		this.logger.debug(`Roughy Trigger: refused a delivery (${verification.failedCheck}: ${verification.reason})`);
		return respond(this, 401, `Unauthorized: ${verification.reason}`);
	}

	const event = parseEvent(request.rawBody);
	if (!event) return respond(this, 400, 'The body is not a Roughy event');

	const wanted = this.getNodeParameter('events', []) as string[];
	if (!wanted.includes(event.type)) {
		acknowledge(this, { ignored: `${event.type} is not selected` });
		return { noWebhookResponse: true };
	}

	// Svix repeats a delivery (same svix-id) until it gets a 2xx, e.g. after a
	// timeout. Checked and taken before anything is awaited: see delivery-claims.ts.
	const claim = claimDelivery(`${this.getWorkflow().id ?? ''}/${this.getNode().id}`, staticData, verification.id);
	if (claim.kind === 'in-progress') {
		const firstAccepted = await claim.outcome;
		if (!firstAccepted) return respond(this, 503, 'Another copy of this delivery failed; retry later');
	}
	if (claim.kind !== 'claimed') {
		acknowledge(this, { duplicate: true });
		return { noWebhookResponse: true };
	}

	try {
		return await startExecution(this, event, verification, () => claim.accept());
	} finally {
		// Whatever went wrong before the id was accepted, a later copy may try again.
		claim.release();
	}
}

async function startExecution(
	context: IWebhookFunctions,
	event: RoughyEventBody,
	verification: { id: string; signedAt: Date },
	accept: () => void,
): Promise<IWebhookResponseData> {
	const item = eventToItem(event, verification.id, verification.signedAt);
	const includeFullResource = context.getNodeParameter('options.includeFullResource', false) as boolean;
	const entityType = entityTypeOf(event.type);
	if (includeFullResource && entityType && typeof item.entity_id === 'string') {
		try {
			const entity = await fetchEventEntity(context, entityType, item.entity_id);
			item[entityType] = entity;
			if (entity === null) item.resource_not_found = true;
		} catch (error) {
			// Answering with an error makes Svix retry later, so the id is not kept.
			context.logger.warn(`Roughy Trigger: could not read the ${entityType} (${(error as Error).message})`);
			return respond(context, 503, `Could not read the ${entityType} from Roughy; retry later`);
		}
	}

	accept();
	acknowledge(context);
	return { noWebhookResponse: true, workflowData: [context.helpers.returnJsonArray([item])] };
}
