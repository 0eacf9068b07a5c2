/**
 * Stand-ins for the n8n-nodes-base nodes the example cleanup workflow uses
 * (n8n-nodes-base is not installed here). Each keeps n8n's type name, inputs
 * and the behaviour the workflow relies on, so the example file runs as a
 * user imports it.
 */
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { registerNodeType } from '../../../harness';

/** Schedule Trigger: run by hand, it emits one item describing the moment, as n8n's does. */
class ScheduleTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Schedule Trigger',
		name: 'scheduleTrigger',
		group: ['trigger', 'schedule'],
		version: [1, 1.1, 1.2],
		description: 'Triggers the workflow on a given schedule',
		defaults: { name: 'Schedule Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Trigger Rules', name: 'rule', type: 'json', default: {} }],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const fire = async () => this.emit([this.helpers.returnJsonArray([{ timestamp: new Date().toISOString() }])]);
		return { manualTriggerFunction: fire };
	}
}

/** Merge v3 in its default "Append" mode: every item of input 1, then every item of input 2. */
class MergeStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Merge',
		name: 'merge',
		group: ['transform'],
		version: [3, 3.1, 3.2],
		description: 'Merges data of multiple streams once data from both is available',
		defaults: { name: 'Merge' },
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// As n8n's Merge in append mode: data on any input is enough to run.
		requiredInputs: 1,
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const appended: INodeExecutionData[] = [];
		for (let input = 0; input < 2; input++) {
			for (const [index, item] of (this.getInputData(input) ?? []).entries()) {
				appended.push({ json: item.json, pairedItem: { item: index, input } });
			}
		}
		return [appended];
	}
}

/**
 * Filter v2: keeps the items whose conditions hold. The conditions are
 * evaluated by n8n-workflow's own filter logic (a `filter` parameter read
 * with extractValue), exactly as n8n's Filter node does.
 */
class FilterStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Filter',
		name: 'filter',
		group: ['transform'],
		version: [2, 2.1, 2.2],
		description: 'Remove items matching a condition',
		defaults: { name: 'Filter' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} },
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const kept = this.getInputData().flatMap((item, index) =>
			this.getNodeParameter('conditions', index, false, { extractValue: true }) === true
				? [{ json: item.json, pairedItem: { item: index } }]
				: [],
		);
		return [kept];
	}
}

export function registerExampleStandIns() {
	registerNodeType('n8n-nodes-base.scheduleTrigger', new ScheduleTriggerStandIn());
	registerNodeType('n8n-nodes-base.merge', new MergeStandIn());
	registerNodeType('n8n-nodes-base.filter', new FilterStandIn());
}
