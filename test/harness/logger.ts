import { LoggerProxy, type LogMetadata, type Logger as N8nLogger } from 'n8n-workflow';

export type CapturedLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface CapturedLog {
	level: CapturedLogLevel;
	message: string;
	metadata?: LogMetadata;
	/**
	 * The message and everything reachable from its metadata (errors included,
	 * with their own properties and causes) as one string, so a secrets test
	 * can search every log line with a plain `includes`.
	 */
	line: string;
}

const MAX_DEPTH = 8;

function toPlain(value: unknown, seen: WeakSet<object>, depth: number): unknown {
	if (value === null || typeof value !== 'object') {
		return typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
	}
	if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`;
	if (seen.has(value) || depth > MAX_DEPTH) return '[seen]';
	seen.add(value);
	const plain: Record<string, unknown> = {};
	if (value instanceof Error) {
		// message, stack and cause are not enumerable on errors; keep them.
		plain.name = value.name;
		plain.message = value.message;
		plain.stack = value.stack;
		if (value.cause !== undefined) plain.cause = toPlain(value.cause, seen, depth + 1);
	}
	if (Array.isArray(value)) return value.map((entry) => toPlain(entry, seen, depth + 1));
	for (const [key, entry] of Object.entries(value)) plain[key] = toPlain(entry, seen, depth + 1);
	return plain;
}

function toLine(level: CapturedLogLevel, message: string, metadata?: LogMetadata): string {
	const details = metadata === undefined ? '' : ` ${JSON.stringify(toPlain(metadata, new WeakSet(), 0))}`;
	return `${level} ${message}${details}`;
}

/** Set ROUGHY_HARNESS_LOGS=1 to see the captured lines while debugging a test. */
const echo = process.env.ROUGHY_HARNESS_LOGS === '1';

/**
 * One logger for everything: n8n-core's services (Container's Logger), node
 * contexts (`this.logger` is the same Container Logger) and n8n-workflow's
 * LoggerProxy, which the execution engine writes to directly.
 */
export class CapturingLogger implements N8nLogger {
	readonly lines: CapturedLog[] = [];

	error(message: string, metadata?: LogMetadata) {
		this.capture('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.capture('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.capture('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.capture('debug', message, metadata);
	}

	/** n8n's Logger narrows itself to scopes; for capturing, one stream is enough. */
	scoped() {
		return this;
	}

	/** The lines written since `mark` (a previous `lines.length`). */
	since(mark: number): CapturedLog[] {
		return this.lines.slice(mark);
	}

	private capture(level: CapturedLogLevel, message: string, metadata?: LogMetadata) {
		const line = toLine(level, String(message), metadata);
		this.lines.push({ level, message: String(message), metadata, line });
		if (echo) process.stdout.write(`[harness] ${line}\n`);
	}
}

export function routeLoggerProxyTo(logger: CapturingLogger) {
	LoggerProxy.init(logger);
}
