import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const CONTRACT_PATH = path.resolve(__dirname, '../../contract/openapi.yaml');
/** The `$id` the whole OpenAPI document is registered under, so `#/components/...` refs resolve. */
export const CONTRACT_ID = 'https://roughy.emulator/openapi.json';

export interface LoadedContract {
	// The OpenAPI document as parsed YAML; only walked, never trusted for types.
	document: Record<string, any>;
	ajv: Ajv2020;
}

let cached: LoadedContract | undefined;

/**
 * contract/openapi.yaml, parsed once per process, with an Ajv (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1) that knows the whole document. The
 * emulator validates request bodies with it and, when asked, every response.
 */
export function loadContract(): LoadedContract {
	if (cached) return cached;
	const document = parse(readFileSync(CONTRACT_PATH, 'utf8')) as Record<string, any>;
	// OpenAPI keywords and our x- annotations are not JSON Schema; ignore them rather than fail.
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
	addFormats(ajv);
	ajv.addFormat('binary', true);
	ajv.addSchema({ ...document, $id: CONTRACT_ID });
	cached = { document, ajv };
	return cached;
}

export function schemaRef(pointer: string): { $ref: string } {
	return { $ref: `${CONTRACT_ID}${pointer}` };
}
