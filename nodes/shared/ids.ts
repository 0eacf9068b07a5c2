/**
 * Roughy ids are UUIDs (v7 in practice), checked before any request is sent.
 * The pattern is a string because that is how n8n's field validation takes it.
 */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const UUID = new RegExp(UUID_PATTERN);

export function isUuid(value: string): boolean {
	return UUID.test(value);
}
