import { validationError } from '../errors';
import { isUuid } from '../ids';

/**
 * A list filter. Every filter may be repeated (`state=failed&state=ready`)
 * and the values are OR-ed; that is how the n8n transport sends multi-value
 * filters. Returns undefined when the filter is absent.
 */
export function enumFilter<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): Set<T> | undefined {
	const values = query.getAll(name);
	if (values.length === 0) return undefined;
	const bad = values.filter((value) => !(allowed as readonly string[]).includes(value));
	if (bad.length > 0) {
		throw validationError([
			{ field: `query.${name}`, message: `Input should be ${allowed.map((value) => `'${value}'`).join(', ')}` },
		]);
	}
	return new Set(values as T[]);
}

/** A UUID filter; an id that matches nothing (or someone else's) simply yields an empty page. */
export function idFilter(query: URLSearchParams, name: string): Set<string> | undefined {
	const values = query.getAll(name);
	if (values.length === 0) return undefined;
	if (values.some((value) => !isUuid(value))) {
		throw validationError([{ field: `query.${name}`, message: 'Input should be a valid UUID' }]);
	}
	return new Set(values.map((value) => value.toLowerCase()));
}
