import type { ValidateFunction } from 'ajv';

import { STATUS_FOR_CODE } from '../errors';
import type { EmulatorResponse } from '../http/response';
import type { Route } from '../http/router';
import { loadContract, schemaRef } from './load-contract';

/**
 * Statuses any operation may answer although operations don't list them:
 * a malformed request (400), a wrong Content-Type (415), rate limiting
 * (429) and server-side failures (5xx). Their bodies must still be the
 * error envelope.
 */
const GLOBAL_STATUSES = new Set([400, 415, 429, 500, 502, 503]);
/** Sent on every response by the pipeline itself, or only in some cases (Retry-After). */
const HEADERS_NOT_CHECKED = new Set(['x-request-id', 'retry-after']);

function pointerSegment(segment: string): string {
	return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function mediaType(value: unknown): string {
	return String(value ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Checks answered responses against contract/openapi.yaml: the status is one
 * the operation documents, documented headers are present, JSON bodies
 * match their schema (and error codes match their status), other bodies
 * have a documented media type. Violations are recorded, not thrown, so a
 * test can assert there are none.
 */
export class ContractChecker {
	private readonly validators = new Map<string, ValidateFunction>();

	constructor(private readonly violations: string[]) {}

	check(route: Route, response: EmulatorResponse): void {
		const where = `${route.method} ${route.template} → ${response.status}`;
		const { document } = loadContract();
		const operation = document.paths?.[route.template]?.[route.method.toLowerCase()];
		if (!operation) {
			this.violations.push(`${where}: operation not in the contract`);
			return;
		}

		const status = String(response.status);
		let pointer = `#/paths/${pointerSegment(route.template)}/${route.method.toLowerCase()}/responses/${status}`;
		let documented = operation.responses?.[status];
		if (documented?.$ref) {
			pointer = documented.$ref;
			documented = resolve(document, documented.$ref);
		}
		if (!documented) {
			if (!GLOBAL_STATUSES.has(response.status)) {
				this.violations.push(`${where}: status not documented`);
				return;
			}
			this.validate(`${where}`, '#/components/schemas/ErrorEnvelope', response.json);
			this.checkErrorCode(where, response);
			return;
		}

		const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
		for (const name of Object.keys(documented.headers ?? {})) {
			if (HEADERS_NOT_CHECKED.has(name.toLowerCase())) continue;
			if (headers[name.toLowerCase()] === undefined) this.violations.push(`${where}: missing header ${name}`);
		}
		if (route.method === 'HEAD' || response.status === 204) return;

		const content = documented.content as Record<string, unknown> | undefined;
		if (response.json !== undefined) {
			if (!content?.['application/json']) {
				this.violations.push(`${where}: JSON body where none is documented`);
				return;
			}
			this.validate(where, `${pointer}/content/application~1json/schema`, response.json);
			this.checkErrorCode(where, response);
		} else if (response.body !== undefined) {
			const type = mediaType(headers['content-type']);
			if (!content || !Object.keys(content).includes(type)) this.violations.push(`${where}: undocumented Content-Type ${type}`);
		}
	}

	private validate(where: string, pointer: string, value: unknown): void {
		let validate = this.validators.get(pointer);
		if (!validate) {
			validate = loadContract().ajv.compile(schemaRef(pointer));
			this.validators.set(pointer, validate);
		}
		if (!validate(value)) {
			const details = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
			this.violations.push(`${where}: ${details}`);
		}
	}

	private checkErrorCode(where: string, response: EmulatorResponse): void {
		const code = (response.json as { error?: { code?: string } } | undefined)?.error?.code;
		if (code === undefined) return;
		const expected = STATUS_FOR_CODE[code as keyof typeof STATUS_FOR_CODE];
		if (expected !== undefined && expected !== response.status) {
			this.violations.push(`${where}: error code ${code} belongs with status ${expected}`);
		}
	}
}

function resolve(document: Record<string, any>, ref: string): any {
	return ref
		.replace(/^#\//, '')
		.split('/')
		.reduce((node, segment) => node?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}
