import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

import {
	ASSET_STATES,
	CUT_EXPORT_FORMATS,
	CUT_STATES,
	ERROR_CODES,
	RENDER_FORMATS,
	SUBTITLE_FORMATS,
	WEBHOOK_EVENT_TYPES,
} from '../../nodes/shared/types';

const contract = parse(readFileSync(join(__dirname, '../../contract/openapi.yaml'), 'utf8'));
const schemas = contract.components.schemas as Record<string, { enum?: string[] }>;

describe('the node types follow the contract', () => {
	test.each([
		['ErrorCode', ERROR_CODES],
		['AssetState', ASSET_STATES],
		['CutState', CUT_STATES],
		['CutExportFormat', CUT_EXPORT_FORMATS],
		['SubtitleFormat', SUBTITLE_FORMATS],
		['RenderFormat', RENDER_FORMATS],
		['WebhookEventType', WEBHOOK_EVENT_TYPES],
	])('%s has the same values', (schemaName, values) => {
		expect([...values].sort()).toEqual([...(schemas[schemaName].enum ?? [])].sort());
	});
});
