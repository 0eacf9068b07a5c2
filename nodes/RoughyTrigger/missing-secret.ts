import { WebhookPathTakenError, type INode } from 'n8n-workflow';

/**
 * Activation that cannot get a signing secret.
 *
 * Retrying cannot help (the secret has to be typed in), yet n8n 2.x retries
 * a failed trigger activation five times within seconds, and n8n 1.x and
 * 2.x retry active workflows that fail at start-up with a growing delay;
 * each try used to register an endpoint at Roughy and remove it again.
 * So:
 * - the error is a WebhookPathTakenError, the one activation error n8n 2.x
 *   does not retry (trigger-activation-retry.ts: isTransientActivationError),
 *   with our own message;
 * - a Roughy that handed out no secret is remembered for an hour in this
 *   process, and any activation without a typed secret fails before
 *   touching it (covers n8n 1.x's and start-up retries).
 */
export const SECRETLESS_MEMORY_MS = 60 * 60_000;
const MAX_HOSTS_TRACKED = 100;

const secretlessSince = new Map<string, number>();

export class SigningSecretMissingError extends WebhookPathTakenError {
	constructor(node: INode) {
		super(node.name);
		this.node = node;
		this.message = "Roughy didn't provide the webhook signing secret";
		this.description =
			'The trigger needs the secret to check that events really come from Roughy. Copy it from the webhooks page of the Roughy dashboard (it starts with "whsec_") into the Signing Secret field, then activate the workflow again.';
	}
}

/** Whether this Roughy (its base URL) recently registered an endpoint without handing out its secret. */
export function handsOutNoSecret(baseUrl: string, now = Date.now()): boolean {
	const since = secretlessSince.get(baseUrl);
	if (since === undefined) return false;
	if (now - since < SECRETLESS_MEMORY_MS) return true;
	secretlessSince.delete(baseUrl);
	return false;
}

export function rememberHandsOutNoSecret(baseUrl: string, now = Date.now()): void {
	secretlessSince.delete(baseUrl);
	secretlessSince.set(baseUrl, now);
	if (secretlessSince.size > MAX_HOSTS_TRACKED) secretlessSince.delete(secretlessSince.keys().next().value as string);
}

/** Forgets every remembered Roughy (tests). */
export function forgetSecretlessRoughies(): void {
	secretlessSince.clear();
}
