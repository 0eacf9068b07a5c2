import type { EmulatorResponse } from '../http/response';

/**
 * Errors in the shape S3-compatible stores (Tigris, where Roughy's signed
 * URLs point) answer with: XML, not Roughy's JSON envelope.
 */
export function s3Error(status: number, code: string, message: string): EmulatorResponse {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
	return { status, headers: { 'Content-Type': 'application/xml' }, body };
}
