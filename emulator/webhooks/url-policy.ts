/**
 * Webhook endpoints must be HTTPS. The emulator also accepts plain http on
 * loopback hosts, so tests and a local n8n can receive deliveries without
 * certificates; the real API will not.
 */
export function isLoopbackHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		if (url.protocol !== 'http:') return false;
		const host = url.hostname.replace(/^\[|\]$/g, '');
		return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
	} catch {
		return false;
	}
}
