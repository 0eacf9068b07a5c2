import {
	NodeConnectionTypes,
	type ExecutionError,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import type { RoughyTestCredentials } from './credentials-helper';
import type { CapturedLog } from './logger';
import { MANUAL_TRIGGER_TYPE } from './manual-trigger';
import { packageNodeType } from './package-sources';
import type { BinaryMode } from './services';
import { runWorkflow, type TestItem, type WorkflowRunResult } from './workflow';

export const NODE_TYPES = {
	roughy: packageNodeType('roughy'),
	roughyTrigger: packageNodeType('roughyTrigger'),
} as const;

const TRIGGER_NAME = 'When clicking ‘Execute workflow’';
const ROUGHY_NAME = 'Roughy';

export function manualTriggerNode(name = TRIGGER_NAME): INode {
	return {
		id: 'manual-trigger',
		name,
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

export function roughyNode(parameters: INodeParameters, overrides: Partial<INode> = {}): INode {
	return {
		id: 'roughy',
		name: ROUGHY_NAME,
		type: NODE_TYPES.roughy,
		typeVersion: 1,
		position: [220, 0],
		parameters,
		...overrides,
	};
}

export interface RunRoughyNodeOptions {
	/** The node's parameters as the editor saves them: resource, operation, and that operation's fields. */
	parameters: INodeParameters;
	credentials: RoughyTestCredentials;
	/** Items fed to the node. Left out, the node gets the Manual Trigger's single empty item. */
	input?: TestItem[];
	/** The node's "On Error: Continue" setting. */
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	nodeType?: 'roughy';
	cancelAfterMs?: number;
	signal?: AbortSignal;
}

export interface RoughyNodeResult {
	/** The node's first output. */
	items: INodeExecutionData[];
	error?: ExecutionError;
	logs: CapturedLog[];
	/** The whole run, for status, run data and the trigger's output. */
	run: WorkflowRunResult;
}

/** Runs one action node behind a Manual Trigger, the smallest workflow a user can build. */
export async function runRoughyNode(options: RunRoughyNodeOptions): Promise<RoughyNodeResult> {
	const trigger = manualTriggerNode();
	const node = roughyNode(options.parameters, {
		type: NODE_TYPES[options.nodeType ?? 'roughy'],
		...(options.continueOnFail && { onError: 'continueRegularOutput' as const }),
	});
	const run = await runWorkflow({
		nodes: [trigger, node],
		connections: {
			[trigger.name]: {
				[NodeConnectionTypes.Main]: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]],
			},
		},
		credentials: options.credentials,
		binaryMode: options.binaryMode,
		pinData: options.input ? { [trigger.name]: options.input } : undefined,
		cancelAfterMs: options.cancelAfterMs,
		signal: options.signal,
	});
	return {
		items: run.outputs[node.name]?.[0] ?? [],
		error: run.error,
		logs: run.logs,
		run,
	};
}
