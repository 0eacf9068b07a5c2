import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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
 * Parsing the 2 300-line YAML takes around a second, and jest loads the
 * emulator afresh in every test file; the parsed document is kept as JSON
 * in the temp dir, keyed by the YAML's hash, so only the first load pays.
 */
function parseContract(): Record<string, any> {
	const text = readFileSync(CONTRACT_PATH, 'utf8');
	const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
	const cachePath = path.join(os.tmpdir(), `roughy-contract-${digest}.json`);
	try {
		return JSON.parse(readFileSync(cachePath, 'utf8'));
	} catch {
		const document = parse(text) as Record<string, any>;
		const temporary = `${cachePath}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify(document));
		renameSync(temporary, cachePath);
		return document;
	}
}

/**
 * contract/openapi.yaml, parsed once per process, with an Ajv (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1) that knows the whole document. The
 * emulator validates request bodies with it and, when asked, every response.
 */
export function loadContract(): LoadedContract {
	if (cached) return cached;
	const document = parseContract();
	// OpenAPI keywords and our x- annotations are not JSON Schema; ignore them rather than fail.
	// The document as a whole is not a schema either, so it is not checked against the meta-schema.
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
	addFormats(ajv);
	ajv.addFormat('binary', true);
	ajv.addSchema({ ...document, $id: CONTRACT_ID });
	cached = { document, ajv };
	return cached;
}

export function schemaRef(pointer: string): { $ref: string } {
	return { $ref: `${CONTRACT_ID}${pointer}` };
}
