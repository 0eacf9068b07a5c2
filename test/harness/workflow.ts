import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IBinaryData,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IRunData,
	IWorkflowBase,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { storeTestBinary, type BinaryLocation, type TestBinary } from './binary';
import type { RoughyTestCredentials } from './credentials-helper';
import type { CapturedLog } from './logger';
import { getHarnessServices, type BinaryMode } from './services';
import {
	createWorkflow,
	credentialsHelperFor,
	HARNESS_WORKFLOW_ID,
	withCredentialReferences,
} from './workflow-setup';

/** An item as a test writes it: JSON plus files described by binaryFromBuffer/binaryFromFile. */
export interface TestItem {
	json: IDataObject;
	binary?: Record<string, TestBinary>;
}

export interface RunWorkflowOptions {
	nodes: INode[];
	connections: IConnections;
	/** Bound to every node whose type takes the `roughyApi` credential. */
	credentials?: RoughyTestCredentials;
	/**
	 * Where binary data lives during the run. Default 'filesystem', n8n 2.x's
	 * own default: items carry an id and nodes must stream from the store.
	 */
	binaryMode?: BinaryMode;
	/** Pinned output per node name, as a user pins data in the editor; files are stored first. */
	pinData?: Record<string, TestItem[]>;
	/** Stops the execution this long after it starts, as the editor's Stop button does. */
	cancelAfterMs?: number;
	/** Stops the execution when aborted, e.g. from a test server once a request arrives. */
	signal?: AbortSignal;
}

export interface WorkflowRunResult {
	/** The status n8n would save for the execution ('success', 'error', 'canceled', ...). */
	status: ExecutionStatus;
	/** Per node, the main outputs of its latest run: `outputs[name][outputIndex]` is the item list. */
	outputs: Record<string, INodeExecutionData[][]>;
	/** The error of the node that failed, as n8n records it on the node's run (message, description, context). */
	error?: ExecutionError;
	/** Everything n8n-core and the nodes logged during this run. */
	logs: CapturedLog[];
	/** n8n's full per-node run data, for assertions the shortcuts above do not cover. */
	runData: IRunData;
}

let executionCounter = 0;

async function storePinnedItems(
	pinData: Record<string, TestItem[]>,
	store: (binary: TestBinary) => Promise<IBinaryData>,
): Promise<IPinData> {
	const stored: IPinData = {};
	for (const [nodeName, items] of Object.entries(pinData)) {
		stored[nodeName] = [];
		for (const item of items) {
			const entry: INodeExecutionData = { json: item.json };
			if (item.binary) {
				entry.binary = {};
				for (const [property, binary] of Object.entries(item.binary)) {
					entry.binary[property] = await store(binary);
				}
			}
			stored[nodeName].push(entry);
		}
	}
	return stored;
}

function latestOutputs(runData: IRunData): Record<string, INodeExecutionData[][]> {
	const outputs: Record<string, INodeExecutionData[][]> = {};
	for (const [nodeName, runs] of Object.entries(runData)) {
		const main = runs.at(-1)?.data?.main ?? [];
		outputs[nodeName] = main.map((items) => items ?? []);
	}
	return outputs;
}

function failure(run: IRun): ExecutionError | undefined {
	for (const runs of Object.values(run.data.resultData.runData)) {
		const error = runs.at(-1)?.error;
		if (error) return error;
	}
	return run.data.resultData.error;
}

/**
 * Runs a workflow through n8n-core's WorkflowExecute, as the editor's
 * "Execute workflow" does (manual mode, v1 execution order), with real HTTP,
 * real credential handling and n8n's binary data service.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	const services = await getHarnessServices();
	await services.useBinaryMode(options.binaryMode ?? 'filesystem');

	const executionId = String(++executionCounter);
	const location: BinaryLocation = { type: 'execution', workflowId: HARNESS_WORKFLOW_ID, executionId };
	const pinData = await storePinnedItems(options.pinData ?? {}, async (binary) =>
		storeTestBinary(services.binaryData, location, binary),
	);

	const nodes = withCredentialReferences(options.nodes);
	const workflow = createWorkflow({ nodes, connections: options.connections });
	const workflowData: IWorkflowBase = {
		id: HARNESS_WORKFLOW_ID,
		name: workflow.name ?? 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections: options.connections,
		settings: workflow.settings,
	};
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	// n8n's CLI saves the status this hook reports. On a stop it fires at once
	// with 'canceled', and the engine skips it when the node finally returns,
	// whatever status the engine's own result then carries.
	let savedStatus: ExecutionStatus | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRun) => {
		savedStatus ??= fullRun.status;
	});
	const additionalData = buildAdditionalData({
		credentialsHelper: await credentialsHelperFor(options.credentials),
		workflowId: HARNESS_WORKFLOW_ID,
		executionId,
		hooks,
	});

	const firstLog = services.logger.lines.length;
	const execution = new WorkflowExecute(additionalData, 'manual').run({ workflow, pinData });

	// Cancelling resolves the run only once the running node has returned, so
	// a node that ignores the abort signal shows up as a test timeout.
	const cancel = () => execution.cancel();
	const timer = options.cancelAfterMs === undefined ? undefined : setTimeout(cancel, options.cancelAfterMs);
	options.signal?.addEventListener('abort', cancel, { once: true });
	if (options.signal?.aborted) cancel();
	let run: IRun;
	try {
		run = await execution;
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', cancel);
	}

	const { runData } = run.data.resultData;
	return {
		status: savedStatus ?? run.status,
		outputs: latestOutputs(runData),
		error: failure(run),
		logs: services.logger.since(firstLog),
		runData,
	};
}
