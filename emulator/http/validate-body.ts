import type { ErrorObject, ValidateFunction } from 'ajv';

import { loadContract, schemaRef } from '../contract/load-contract';
import { validationError, type FieldError } from '../errors';

const compiled = new Map<string, ValidateFunction>();

function validatorFor(schemaName: string): ValidateFunction {
	let validate = compiled.get(schemaName);
	if (!validate) {
		validate = loadContract().ajv.compile(schemaRef(`#/components/schemas/${schemaName}`));
		compiled.set(schemaName, validate);
	}
	return validate;
}

function fieldPath(error: ErrorObject): string {
	const segments = error.instancePath.split('/').filter(Boolean);
	if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
	if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
	return ['body', ...segments].join('.');
}

/** Messages in the style of the API's validation errors (pydantic wording). */
function messageFor(error: ErrorObject): string {
	const params = error.params as Record<string, any>;
	switch (error.keyword) {
		case 'required':
			return 'Field required';
		case 'additionalProperties':
			return 'Extra inputs are not permitted';
		case 'type':
			return `Input should be a valid ${String(params.type).split(',')[0]}`;
		case 'enum':
			return `Input should be ${(params.allowedValues as unknown[]).map((value) => `'${String(value)}'`).join(', ')}`;
		case 'const':
			return `Input should be '${String(params.allowedValue)}'`;
		case 'minLength':
			return `String should have at least ${params.limit} character${params.limit === 1 ? '' : 's'}`;
		case 'maxLength':
			return `String should have at most ${params.limit} characters`;
		case 'minimum':
			return `Input should be greater than or equal to ${params.limit}`;
		case 'maximum':
			return `Input should be less than or equal to ${params.limit}`;
		case 'exclusiveMinimum':
			return `Input should be greater than ${params.limit}`;
		case 'minItems':
			return `List should have at least ${params.limit} item${params.limit === 1 ? '' : 's'}`;
		case 'uniqueItems':
			return 'List should have unique items';
		case 'pattern':
			return `String should match pattern '${params.pattern}'`;
		case 'format':
			return params.format === 'uuid' ? 'Input should be a valid UUID' : `Input should be a valid ${params.format}`;
		default:
			return error.message ?? 'Invalid value';
	}
}

/**
 * Checks a JSON body against one of the contract's request schemas and
 * throws 422 `validation_error` with one `fields[]` entry per bad field
 * (`body.output.format`, …). The contract is the single source of the rules.
 */
export function validateBody<T>(schemaName: string, body: unknown): T {
	if (body === undefined) throw validationError([{ field: 'body', message: 'Field required' }]);
	const validate = validatorFor(schemaName);
	if (validate(body)) return body as T;
	const fields: FieldError[] = [];
	const seen = new Set<string>();
	for (const error of validate.errors ?? []) {
		// anyOf wrappers and their "or null" branch repeat what the real branch already said.
		if (error.keyword === 'anyOf' || error.keyword === 'allOf') continue;
		if (error.keyword === 'type' && error.params.type === 'null') continue;
		const field = fieldPath(error);
		if (seen.has(field)) continue;
		seen.add(field);
		fields.push({ field, message: messageFor(error) });
	}
	throw validationError(fields);
}
