import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/** One operation of one resource: its fields beside the code that runs it. */
export interface RoughyOperation {
	description: INodeProperties[];
	/** Runs once per input item; the router adds pairedItem and error handling. */
	execute?: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
	/**
	 * Runs once for all input items, for operations whose output is more than
	 * one item per input (e.g. a delete with a final summary). It must honour
	 * continueOnFail and set pairedItem itself.
	 */
	executeForAllItems?: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;
}

/** Shows `properties` only for the given resource and operations. */
export function showFor(
	resource: string,
	operations: string[],
	properties: INodeProperties[],
): INodeProperties[] {
	const show: IDisplayOptions['show'] = { resource: [resource], operation: operations };
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...show, ...property.displayOptions?.show },
		},
	}));
}
