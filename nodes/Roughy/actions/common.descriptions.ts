import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

/** Return All / Limit, as every n8n list operation has them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/**
 * The State filter of a list operation: several states may be chosen
 * (the transport lists them one at a time and merges the pages).
 */
export function stateFilter(plural: string, states: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'State',
		name: 'state',
		type: 'multiOptions',
		options: states,
		default: [],
		description: `Only ${plural} in one of these states`,
	};
}

export type LocatorResource = 'project' | 'asset' | 'cut' | 'render';

const LOCATOR_LABELS: Record<LocatorResource, { label: string; search: string }> = {
	project: { label: 'Project', search: 'searchProjects' },
	asset: { label: 'Asset', search: 'searchAssets' },
	cut: { label: 'Cut', search: 'searchCuts' },
	render: { label: 'Render', search: 'searchRenders' },
};

/** Roughy ids are UUIDs (v7 in practice); checked before any request is sent. */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

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

/** "Wait for Completion" with its options, for operations that start work in Roughy. */
export function waitForCompletionFields(
	entity: 'asset' | 'cut' | 'render',
	defaultTimeoutMinutes: number,
): INodeProperties[] {
	const finished = { asset: 'ready', cut: 'completed', render: 'completed' }[entity];
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description: `Whether to wait until the ${entity} is ${finished} (or failed) before continuing. Without it, the node returns at once and the ${entity} continues in Roughy.`,
		},
		{
			displayName: 'Wait Options',
			name: 'waitOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show: { waitForCompletion: [true] } },
			options: [
				{
					displayName: 'Timeout (Minutes)',
					name: 'timeoutMinutes',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 720 },
					default: defaultTimeoutMinutes,
					description: `How long to wait before giving up. The ${entity} keeps going in Roughy after a timeout; the error tells its ID.`,
				},
				{
					displayName: 'Check Every (Seconds)',
					name: 'checkEverySeconds',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 300 },
					default: 5,
					description:
						'How soon to check the first time. Later checks slow down gradually, up to every 30 seconds.',
				},
			],
		},
	];
}
