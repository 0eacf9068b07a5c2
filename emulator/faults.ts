import type { ErrorCode } from './errors';

/**
 * Fault injection: rules that make the next matching request(s) fail the
 * way networks, proxies and overloaded servers do, so clients' retry and
 * resume logic can be exercised against real HTTP.
 */
export interface FaultRule {
	/** HTTP method to match; any when omitted. */
	method?: string;
	/** Path to match: a glob where `*` is one segment and `**` anything (e.g. `/v1/uploads/*`), or a RegExp. */
	path: string | RegExp;
	/** The first matching request (1-based) the rule applies to. Default 1. */
	nth?: number;
	/** How many matching requests it applies to from there. Default 1; 'always' until cleared. */
	times?: number | 'always';
	/**
	 * 'before' (default): the request is not processed. 'after': the emulator
	 * processes it (an asset is created, a chunk is stored), then the answer is
	 * replaced by the fault: the "response lost" case.
	 */
	when?: 'before' | 'after';
	/** Destroy the socket without answering. */
	reset?: boolean;
	/** Accept (and for TUS PATCH, store) this many request-body bytes, then drop the connection. */
	resetAfterBytes?: number;
	/**
	 * Answer this status with the error envelope: 500 internal_error, 502 upstream_error,
	 * 503/504 upstream_unavailable, 429 rate_limited, or any status with `code`.
	 */
	status?: number;
	/** Envelope code for `status`, e.g. 'account_locked' with 423. */
	code?: ErrorCode;
	/** Retry-After seconds for a 429 (or 503). */
	retryAfter?: number;
	/** Envelope message for `status`. */
	message?: string;
	/** Wait this long before handling (a slow server); combines with the other actions. */
	delay?: number;
	/** Answer a proxy-like HTML error page (502 unless `status` says otherwise), without the envelope or X-Request-Id. */
	htmlError?: boolean;
	/** Answer an error whose body is this many bytes (true = 8 MiB) of plain text, 502 unless `status` says otherwise. */
	hugeBody?: boolean | number;

	// The lying server: answers that look valid but do not tell the truth.

	/**
	 * Answer a TUS PATCH 204 with this `Upload-Offset`. 'unchanged' echoes the
	 * request's offset and stores nothing (a server that never advances); a
	 * number is answered after the chunk was stored (a server that claims more,
	 * or less, than it holds), whatever `when` says.
	 */
	uploadOffset?: number | 'unchanged';
	/** Drop these query parameters before the handler sees them (a server that ignores `offset` or a filter). */
	ignoreQuery?: string[];
	/** Replace `total` in a list answer. */
	total?: number;
	/**
	 * Answer `status` (400 unless given) echoing this request header's value:
	 * plain text, or inside the error envelope's message and fields when `code` is given.
	 */
	echoHeader?: string;
	/** Accept the request and never answer (until the emulator closes). */
	hang?: boolean;
	/** Send this `X-Request-Id` instead of the emulator's own. */
	requestId?: string;
	/** After processing, answer this 2xx status with no body (e.g. 202 or 204 where a JSON body is expected). */
	emptyAnswer?: number;
}

interface ActiveRule {
	rule: FaultRule;
	matcher: (path: string) => boolean;
	seen: number;
	used: number;
}

function globToMatcher(pattern: string | RegExp): (path: string) => boolean {
	if (pattern instanceof RegExp) return (path) => pattern.test(path);
	const source = pattern
		.split(/(\*\*|\*)/)
		.map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.+?^$()|[\]\\{}]/g, '\\$&')))
		.join('');
	const regex = new RegExp(`^${source}$`);
	return (path) => regex.test(path);
}

/** A one-line description for the request log, e.g. "status 503" or "resetAfterBytes 1048576". */
export function describeFault(rule: FaultRule): string {
	const parts: string[] = [];
	if (rule.delay) parts.push(`delay ${rule.delay}ms`);
	if (rule.reset) parts.push('reset');
	if (rule.resetAfterBytes !== undefined) parts.push(`resetAfterBytes ${rule.resetAfterBytes}`);
	if (rule.htmlError) parts.push('htmlError');
	if (rule.hugeBody) parts.push('hugeBody');
	if (rule.status) parts.push(`status ${rule.status}`);
	if (rule.uploadOffset !== undefined) parts.push(`uploadOffset ${rule.uploadOffset}`);
	if (rule.ignoreQuery) parts.push(`ignoreQuery ${rule.ignoreQuery.join(',')}`);
	if (rule.total !== undefined) parts.push(`total ${rule.total}`);
	if (rule.echoHeader) parts.push(`echoHeader ${rule.echoHeader}`);
	if (rule.hang) parts.push('hang');
	if (rule.requestId !== undefined) parts.push(`requestId of ${rule.requestId.length} characters`);
	if (rule.emptyAnswer) parts.push(`emptyAnswer ${rule.emptyAnswer}`);
	if (rule.when === 'after') parts.push('after processing');
	return parts.join(', ');
}

export class FaultSet {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		if (rule.resetAfterBytes !== undefined && (!Number.isInteger(rule.resetAfterBytes) || rule.resetAfterBytes < 0)) {
			throw new Error('resetAfterBytes must be a non-negative integer');
		}
		this.rules.push({ rule, matcher: globToMatcher(rule.path), seen: 0, used: 0 });
	}

	clear(): void {
		this.rules = [];
	}

	list(): FaultRule[] {
		return this.rules.map((active) => active.rule);
	}

	/** The rule that applies to this request, if any; counts the request against every matching rule. */
	take(method: string, path: string): FaultRule | undefined {
		let applied: ActiveRule | undefined;
		for (const active of this.rules) {
			const { rule } = active;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			if (!active.matcher(path)) continue;
			active.seen++;
			const times = rule.times === 'always' ? Infinity : (rule.times ?? 1);
			if (!applied && active.seen >= (rule.nth ?? 1) && active.used < times) {
				active.used++;
				applied = active;
			}
		}
		this.rules = this.rules.filter((active) => active.used < (active.rule.times === 'always' ? Infinity : (active.rule.times ?? 1)));
		return applied?.rule;
	}
}
