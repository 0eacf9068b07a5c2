import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { normalizeBaseUrl, timeoutFromCredential } from './base-url';

/** The credential panel waits for this test; a Roughy that does not answer in time is reported, not waited for. */
const TEST_TIMEOUT_MS = 30_000;

interface TestResponse {
	statusCode: number;
	headers?: Record<string, string | string[] | undefined>;
}

/**
 * The Roughy API credential's *Test* button (the credential names no test
 * request of its own, so n8n calls this). A function rather than n8n's
 * declarative test request because a Base URL that must be refused (plain
 * http to another machine, a path) has to be refused with its reason, before
 * the key travels anywhere; an expression can only redirect the request, and
 * the user then reads a bare "ENOTFOUND". GET /v1/users/me is the cheapest
 * authenticated call: 401 means the key, 404 a host that is not Roughy's API.
 */
export async function roughyApiConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data: IDataObject = credential.data ?? {};
	const baseUrl = normalizeBaseUrl(data.baseUrl);
	if (typeof baseUrl !== 'string') return { status: 'Error', message: baseUrl.problem };
	const apiKey = typeof data.apiKey === 'string' ? data.apiKey.trim() : '';
	if (apiKey === '') return { status: 'Error', message: 'Enter the API key from the Roughy dashboard (it starts with "sk_").' };

	let response: TestResponse;
	try {
		// The only HTTP helper n8n gives a credential test (no httpRequest here).
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		response = (await this.helpers.request({
			method: 'GET',
			uri: `${baseUrl}/v1/users/me`,
			headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
			json: true,
			timeout: Math.min(timeoutFromCredential(data.timeoutSeconds), TEST_TIMEOUT_MS),
			resolveWithFullResponse: true,
			simple: false,
			// Never take the key to wherever a redirect points.
			followRedirect: false,
			followAllRedirects: false,
		})) as TestResponse;
	} catch (error) {
		const code = connectionErrorCode(error);
		return {
			status: 'Error',
			message: `Could not reach ${baseUrl}${code ? ` (${code})` : ''}. Check the Base URL and that n8n can reach that host (network, proxy, firewall).`,
		};
	}

	const status = response.statusCode;
	if (status >= 200 && status < 300) return { status: 'OK', message: 'Connection tested successfully' };
	if (status === 401) return { status: 'Error', message: 'Roughy rejected the API key. Paste a valid key (it starts with "sk_").' };
	if (status === 404) {
		return {
			status: 'Error',
			message: 'The Base URL answered, but it is not the Roughy API. Use the API host only, e.g. https://api.roughy.ai.',
		};
	}
	if (status >= 300 && status < 400) {
		return {
			status: 'Error',
			message: `${baseUrl} redirects elsewhere (HTTP ${status}). Enter the Roughy API host itself as the Base URL, e.g. https://api.roughy.ai.`,
		};
	}
	return {
		status: 'Error',
		message: `Roughy answered HTTP ${status} to the test request. Try again in a few minutes; if it persists, check the Base URL.`,
	};
}

/** A connection failure's code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…), never its message: that may quote the request. */
function connectionErrorCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && /^[A-Z_]{3,40}$/.test(code)) return code;
	}
	return undefined;
}
