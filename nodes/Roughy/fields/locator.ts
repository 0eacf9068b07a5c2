import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { isUuid, UUID_PATTERN } from '../../shared/ids';

export type LocatorResource = 'project' | 'asset' | 'cut' | 'render';

const LOCATOR_LABELS: Record<LocatorResource, { label: string; search: string }> = {
	project: { label: 'Project', search: 'searchProjects' },
	asset: { label: 'Asset', search: 'searchAssets' },
	cut: { label: 'Cut', search: 'searchCuts' },
	render: { label: 'Render', search: 'searchRenders' },
};

/**
 * A resource locator ("From list" with search, or "By ID") for one Roughy
 * resource. `name` defaults to e.g. `assetId`; the same field name is reused
 * across operations so values survive switching operations.
 */
export function resourceLocator(
	resource: LocatorResource,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	const { label, search } = LOCATOR_LABELS[resource];
	return {
		displayName: label,
		name: `${resource}Id`,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${resource} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${resource}...`,
				typeOptions: { searchListMethod: search, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: UUID_PATTERN,
							errorMessage: `Not a valid ${resource} ID: Roughy IDs look like 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9`,
						},
					},
				],
			},
		],
		...overrides,
	};
}

/**
 * The id from a resource locator, checked before anything is sent: a typo
 * or a pasted name would otherwise come back as a confusing 404 or 422.
 */
export function getResourceId(
	context: IExecuteFunctions,
	resource: LocatorResource,
	itemIndex: number,
	parameterName = `${resource}Id`,
): string {
	const raw = context.getNodeParameter(parameterName, itemIndex, '', { extractValue: true });
	const id = typeof raw === 'string' ? raw.trim() : String(raw ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(context.getNode(), `No ${resource} given`, {
			itemIndex,
			description: `Choose ${resource === 'asset' ? 'an' : 'a'} ${resource} from the list or enter its ID.`,
		});
	}
	if (!isUuid(id)) {
		throw new NodeOperationError(context.getNode(), `"${id}" is not a valid ${resource} ID`, {
			itemIndex,
			description: `Roughy ${resource} IDs are UUIDs such as 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9. Check the value or the expression that produces it.`,
		});
	}
	return id.toLowerCase();
}
