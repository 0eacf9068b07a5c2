/**
 * Whether Roughy can deliver to the URL n8n gives for this trigger. Roughy
 * posts from the internet and only to HTTPS, so a webhook URL on localhost, a
 * private network or plain http would register fine and then never receive
 * anything. A local emulator (Base URL on this machine or network) is the
 * exception: it can reach such URLs.
 */

export type UnreachableReason = 'local-host' | 'not-https';

const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa'];

function isPrivateIPv4(host: string): boolean {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return false;
	const [a, b] = [Number(match[1]), Number(match[2])];
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168)
	);
}

function isPrivateIPv6(host: string): boolean {
	const address = host.replace(/^\[|\]$/g, '').toLowerCase();
	if (!address.includes(':')) return false;
	if (address === '::1' || address === '::') return true;
	const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
	if (mappedV4) return isPrivateIPv4(mappedV4[1]);
	return /^f[cd]/.test(address) || /^fe[89ab]/.test(address);
}

/** A host the internet can't reach: loopback, private ranges, or a name only local DNS knows. */
export function isLocalHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === 'localhost' || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return true;
	if (isPrivateIPv4(host) || isPrivateIPv6(host)) return true;
	// A single label ("n8n", "my-box") only resolves on the local network or in Docker.
	return !host.includes('.') && !host.includes(':');
}

/** Why Roughy at `baseUrl` could not deliver to `webhookUrl`, or undefined if it can. */
export function unreachableReason(webhookUrl: string, baseUrl: string): UnreachableReason | undefined {
	const webhook = new URL(webhookUrl);
	if (isLocalHost(new URL(baseUrl).hostname)) return undefined;
	if (isLocalHost(webhook.hostname)) return 'local-host';
	if (webhook.protocol !== 'https:') return 'not-https';
	return undefined;
}

const PUBLIC_URL_HELP =
	'Set the WEBHOOK_URL environment variable of n8n to its public HTTPS address (e.g. WEBHOOK_URL=https://n8n.example.com/) and restart n8n, or serve n8n through a reverse proxy with HTTPS that sets it. Then activate the workflow again.';

/** Message and fix for an unreachable webhook URL, in n8n's voice. */
export function describeUnreachable(reason: UnreachableReason, webhookUrl: string) {
	if (reason === 'local-host') {
		return {
			message: "Roughy can't reach this n8n's webhook URL",
			description: `n8n gives ${webhookUrl} as the trigger's address, which only this machine or network can reach. Roughy sends events over the internet. ${PUBLIC_URL_HELP}`,
		};
	}
	return {
		message: 'Roughy only sends events to HTTPS addresses',
		description: `n8n gives ${webhookUrl} as the trigger's address, which is plain http. ${PUBLIC_URL_HELP}`,
	};
}
