import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

/** n8n's own type name, so workflows exported from n8n run unchanged. */
export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/**
 * Stands in for n8n's Manual Trigger (n8n-nodes-base is not installed here)
 * and behaves like it: one empty item when the workflow is run by hand. Tests
 * feed their own items by pinning them on this node, which is how n8n feeds
 * data to the rest of a workflow when a user pins a node's output.
 */
export class HarnessManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const emitOneEmptyItem = async () => this.emit([this.helpers.returnJsonArray([{}])]);
		return { manualTriggerFunction: emitOneEmptyItem };
	}
}
