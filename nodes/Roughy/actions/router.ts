import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { isExecutionCancelled } from '../../shared/cancellation';
import { asNodeError } from '../../shared/node-errors';
import type { RoughyOperation } from './operation';
import { RESOURCES } from './resources';

function findOperation(context: IExecuteFunctions, resource: string, operation: string): RoughyOperation {
	const found = RESOURCES[resource]?.operations[operation];
	if (!found) {
		// n8n adds a "Custom API Call" choice to nodes whose credential has
		// generic auth; that is served by the HTTP Request node, not here.
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of "${resource}" is not supported by this node`,
			{
				description:
					'For calls the Roughy node does not cover, use the HTTP Request node with the "Roughy API" predefined credential.',
			},
		);
	}
	return found;
}

/** The user-facing error item for continueOnFail, without stack or request details. */
function errorJson(error: Error & { description?: unknown; context?: IDataObject }): IDataObject {
	const json: IDataObject = { error: error.message };
	if (typeof error.description === 'string') json.description = error.description;
	const code = error.context?.roughyErrorCode;
	if (typeof code === 'string') json.code = code;
	return json;
}

/** The error to throw for an item: n8n's own error types, marked with the item. */
function withItemIndex(context: IExecuteFunctions, error: unknown, itemIndex: number) {
	const nodeError = asNodeError(context.getNode(), error);
	nodeError.context.itemIndex = itemIndex;
	return nodeError;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const selected = findOperation(this, resource, operation);

	if (selected.executeForAllItems) {
		return [await selected.executeForAllItems.call(this)];
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const output = await selected.execute!.call(this, itemIndex);
			returnData.push(
				...this.helpers.constructExecutionMetaData(output, { itemData: { item: itemIndex } }),
			);
		} catch (error) {
			if (!isExecutionCancelled(error) && this.continueOnFail()) {
				returnData.push({ json: errorJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw withItemIndex(this, error, itemIndex);
		}
	}
	return [returnData];
}
