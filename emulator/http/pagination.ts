import { validationError, type FieldError } from '../errors';

export interface PageRequest {
	limit: number;
	offset: number;
}

export interface Page<T> {
	items: T[];
	total: number;
	limit: number;
	offset: number;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

function integerParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number, fields: FieldError[]): number {
	const raw = query.get(name);
	if (raw === null) return fallback;
	if (!/^-?\d+$/.test(raw.trim())) {
		fields.push({ field: `query.${name}`, message: 'Input should be a valid integer' });
		return fallback;
	}
	const value = Number(raw);
	if (value < min) fields.push({ field: `query.${name}`, message: `Input should be greater than or equal to ${min}` });
	else if (value > max) fields.push({ field: `query.${name}`, message: `Input should be less than or equal to ${max}` });
	return value;
}

/** `limit` 1-100 (default 20) and `offset` ≥ 0 (default 0); anything else is 422 on `query.limit`/`query.offset`. */
export function readPageRequest(query: URLSearchParams): PageRequest {
	const fields: FieldError[] = [];
	const limit = integerParam(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT, fields);
	const offset = integerParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER, fields);
	if (fields.length > 0) throw validationError(fields, 'Invalid pagination parameters.');
	return { limit, offset };
}

interface Dated {
	id: string;
	created_at: string;
}

/** Newest first by created_at. */
export function newestFirst(a: Dated, b: Dated): number {
	return a.created_at === b.created_at ? 0 : a.created_at < b.created_at ? 1 : -1;
}

export function paginate<R extends Dated, V>(records: Iterable<R>, page: PageRequest, present: (record: R) => V): Page<V> {
	// Records are kept in insertion order; reversing before a stable sort makes the later
	// of two same-millisecond records come first.
	const sorted = [...records].reverse().sort(newestFirst);
	return {
		items: sorted.slice(page.offset, page.offset + page.limit).map(present),
		total: sorted.length,
		limit: page.limit,
		offset: page.offset,
	};
}
