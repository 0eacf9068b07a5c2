import { readFileSync } from 'fs';
import type { INodeProperties } from 'n8n-workflow';
import { join } from 'path';
import { parse } from 'yaml';

import { Roughy } from '../../nodes/Roughy/Roughy.node';
import {
	ASSET_STATES,
	CUT_EXPORT_FORMATS,
	CUT_STATES,
	ERROR_CODES,
	PROJECT_STATES,
	RENDER_FORMATS,
	RENDER_STATES,
	SUBTITLE_FORMATS,
	WEBHOOK_EVENT_TYPES,
} from '../../nodes/shared/types';

const contract = parse(readFileSync(join(__dirname, '../../contract/openapi.yaml'), 'utf8'));
const schemas = contract.components.schemas as Record<string, { enum?: string[] }>;

describe('the node types follow the contract', () => {
	test.each([
		['ErrorCode', ERROR_CODES],
		['ProjectState', PROJECT_STATES],
		['AssetState', ASSET_STATES],
		['CutState', CUT_STATES],
		['CutExportFormat', CUT_EXPORT_FORMATS],
		['SubtitleFormat', SUBTITLE_FORMATS],
		['RenderFormat', RENDER_FORMATS],
		['RenderState', RENDER_STATES],
		['WebhookEventType', WEBHOOK_EVENT_TYPES],
	])('%s has the same values', (schemaName, values) => {
		expect([...values].sort()).toEqual([...(schemas[schemaName].enum ?? [])].sort());
	});
});

describe("the node's State filters offer the contract's states", () => {
	const properties = new Roughy().description.properties;

	/** The values of the State filter of a resource's Get Many, as the editor offers them. */
	function stateChoices(resource: string): string[] {
		const filters = properties.find(
			(property) => property.name === 'filters' && property.displayOptions?.show?.resource?.includes(resource),
		);
		const state = (filters?.options as INodeProperties[] | undefined)?.find((option) => option.name === 'state');
		return ((state?.options ?? []) as Array<{ value: string }>).map((option) => option.value).sort();
	}

	test.each([
		['asset', 'AssetState'],
		['cut', 'CutState'],
		['render', 'RenderState'],
	])('%s: every %s', (resource, schemaName) => {
		expect(stateChoices(resource)).toEqual([...(schemas[schemaName].enum ?? [])].sort());
	});

	test('project: active, archived, or all of them', () => {
		expect(stateChoices('project')).toEqual([...(schemas.ProjectState.enum ?? []), 'all'].sort());
	});
});
