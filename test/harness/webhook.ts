import { HookContext, WebhookContext } from 'n8n-core';
import {
	NodeHelpers,
	type IDataObject,
	type IHttpRequestMethods,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WebhookSetupMethodNames,
	type Workflow,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { buildAdditionalData, DEFAULT_INSTANCE_URL } from './additional-data';
import type { RoughyTestCredentials } from './credentials-helper';
import type { CapturedLog } from './logger';
import { nodeTypes } from './node-types';
import { getHarnessServices } from './services';
import {
	defaultWebhookAnswer,
	fakeWebhookRequest,
	fakeWebhookResponse,
	type WebhookTestRequest,
} from './webhook-http';
import {
	createWorkflow,
	credentialsHelperFor,
	HARNESS_WORKFLOW_ID,
	withCredentialReferences,
} from './workflow-setup';

/** 'production': an activated workflow (/webhook/...); 'test': the editor listening (/webhook-test/...). */
export type WebhookMode = 'production' | 'test';

/** How n8n's CLI runs each side of a webhook in either mode. */
const MODES: Record<
	WebhookMode,
	{ hooks: WorkflowExecuteMode; activation: WorkflowActivateMode; requests: WorkflowExecuteMode }
> = {
	production: { hooks: 'trigger', activation: 'activate', requests: 'webhook' },
	test: { hooks: 'manual', activation: 'manual', requests: 'manual' },
};

interface WebhookTarget {
	/**
	 * The trigger node, e.g. `{ type: NODE_TYPES.roughyTrigger, parameters, ... }`.
	 * Without a `webhookId` it gets 'harness-webhook', which appears in its URL.
	 */
	node: INode;
	credentials?: RoughyTestCredentials;
	/**
	 * The node's static data (what `getWorkflowStaticData('node')` returns),
	 * shared between lifecycle calls and deliveries as n8n persists it.
	 */
	staticData?: IDataObject;
	mode?: WebhookMode;
	/** The n8n instance's URL, e.g. http://127.0.0.1:PORT; webhook URLs get /webhook or /webhook-test. */
	webhookBaseUrl?: string;
}

interface PreparedWebhook {
	workflow: Workflow;
	node: INode;
	nodeType: INodeType;
	webhookData: IWebhookData;
	staticData: IDataObject;
}

/** The webhook n8n registers for a trigger: 'default' unless the node only declares others. */
function pickWebhook(nodeType: INodeType): IWebhookDescription {
	const webhooks = nodeType.description.webhooks ?? [];
	const chosen = webhooks.find((webhook) => webhook.name === 'default') ?? webhooks[0];
	if (!chosen) throw new Error(`${nodeType.description.name} declares no webhooks`);
	return chosen;
}

async function prepare(
	target: WebhookTarget,
	http: Pick<IWorkflowExecuteAdditionalData, 'httpRequest' | 'httpResponse'> = {},
): Promise<PreparedWebhook> {
	await getHarnessServices();
	const mode = target.mode ?? 'production';
	const [node] = withCredentialReferences([{ webhookId: 'harness-webhook', ...target.node }]);
	const staticData = target.staticData ?? {};
	const workflow = createWorkflow({
		nodes: [node],
		connections: {},
		staticData: { [`node:${node.name}`]: staticData },
		active: mode === 'production',
	});
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const webhookDescription = pickWebhook(nodeType);

	// Webhook descriptions may hold expressions over the node's parameters.
	const resolve = (value: unknown, fallback: string | boolean) =>
		workflow.expression.getSimpleParameterValue(node, value as string, 'internal', {}, undefined, fallback) ??
		fallback;
	const path = NodeHelpers.getNodeWebhookPath(
		HARNESS_WORKFLOW_ID,
		node,
		String(resolve(webhookDescription.path, '')),
		resolve(webhookDescription.isFullPath, false) === true,
	);

	const additionalData = buildAdditionalData({
		credentialsHelper: await credentialsHelperFor(target.credentials),
		workflowId: HARNESS_WORKFLOW_ID,
		instanceUrl: target.webhookBaseUrl ?? DEFAULT_INSTANCE_URL,
		...http,
	});
	const webhookData: IWebhookData = {
		httpMethod: String(resolve(webhookDescription.httpMethod, 'POST')).toUpperCase() as IHttpRequestMethods,
		node: node.name,
		path,
		webhookDescription,
		workflowId: HARNESS_WORKFLOW_ID,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: mode === 'test',
	};
	return { workflow, node, nodeType, webhookData, staticData };
}

export interface WebhookLifecycle {
	checkExists(): Promise<boolean>;
	create(): Promise<boolean>;
	delete(): Promise<boolean>;
	/** The node's static data, updated in place by the calls above. */
	staticData: IDataObject;
	/** The URL n8n would register with the service for this node and mode. */
	webhookUrl: string;
	/** Everything logged by the lifecycle calls so far. */
	logs: CapturedLog[];
}

/**
 * The node's webhookMethods run the way n8n's WebhookService runs them on
 * activation (production) or when the editor listens for a test event: each
 * call gets a fresh n8n-core HookContext over the same static data.
 */
export async function runWebhookLifecycle(
	options: WebhookTarget & { webhookBaseUrl: string },
): Promise<WebhookLifecycle> {
	const { logger } = await getHarnessServices();
	const firstLog = logger.lines.length;
	const prepared = await prepare(options);
	const { workflow, node, nodeType, webhookData } = prepared;
	const modes = MODES[options.mode ?? 'production'];
	const { workflowExecuteAdditionalData: additionalData } = webhookData;
	const newContext = (
		hooks: WorkflowExecuteMode = modes.hooks,
		activation: WorkflowActivateMode = modes.activation,
	) => new HookContext(workflow, node, additionalData, hooks, activation, webhookData);
	// n8n removes webhooks of both kinds with mode 'internal' and activation
	// 'update' (TestWebhooks.deactivateWebhooks, ActiveWorkflowManager), not
	// with the mode they were created in; delete() runs the same way here.
	const contextFor = (method: WebhookSetupMethodNames) =>
		method === 'delete' ? newContext('internal', 'update') : newContext();

	const methods = nodeType.webhookMethods?.[webhookData.webhookDescription.name];
	const call = (method: WebhookSetupMethodNames) => async (): Promise<boolean> => {
		const implementation = methods?.[method];
		if (!implementation) throw new Error(`${nodeType.description.name} has no webhookMethods.${method}`);
		return await implementation.call(contextFor(method));
	};

	const webhookUrl = newContext().getNodeWebhookUrl(webhookData.webhookDescription.name);
	if (!webhookUrl) throw new Error(`n8n could not build a webhook URL for ${node.name}`);
	return {
		checkExists: call('checkExists'),
		create: call('create'),
		delete: call('delete'),
		staticData: prepared.staticData,
		webhookUrl,
		get logs() {
			return logger.since(firstLog);
		},
	};
}

export interface WebhookDelivery {
	/** What the sender gets back: the node's own answer, or n8n's default when it leaves that to n8n. */
	status: number;
	responseBody?: unknown;
	responseHeaders: Record<string, string>;
	/** Items the workflow would start with; absent when the node declined the request. */
	workflowData?: INodeExecutionData[][];
	noWebhookResponse?: boolean;
	webhookResponse?: unknown;
	logs: CapturedLog[];
}

/**
 * One incoming request handled by the node's webhook(), in n8n-core's
 * WebhookContext with an Express-like request carrying `rawBody`.
 *
 * Static data as n8n 2.40.7 keeps it (packages/cli webhook-helpers.ts and
 * live-webhooks.ts): each request reads its own copy (n8n loads the workflow
 * from the database per request), and n8n writes the copy back only when it
 * saves it, i.e. when the node answered the request itself
 * (`noWebhookResponse`) or started nothing. When the node leaves the answer
 * to n8n and starts an execution, n8n answers after starting it, and
 * starting it clears the "changed" mark: the changes are lost.
 */
export async function deliverWebhook(
	options: WebhookTarget & { request: WebhookTestRequest },
): Promise<WebhookDelivery> {
	const { logger } = await getHarnessServices();
	const firstLog = logger.lines.length;
	const { response, recorded } = fakeWebhookResponse();
	const persisted = options.staticData ?? {};
	const { workflow, node, nodeType, webhookData } = await prepare(
		{ ...options, staticData: structuredClone(persisted) },
		{ httpRequest: fakeWebhookRequest(options.request), httpResponse: response },
	);
	if (!nodeType.webhook) throw new Error(`${nodeType.description.name} has no webhook() method`);

	const context = new WebhookContext(
		workflow,
		node,
		webhookData.workflowExecuteAdditionalData,
		MODES[options.mode ?? 'production'].requests,
		webhookData,
		[],
		null,
	);
	const result: IWebhookResponseData = await nodeType.webhook.call(context);

	const answeredByNode = result.noWebhookResponse === true || recorded.written;
	const savedBeforeRun = result.noWebhookResponse === true || result.workflowData === undefined;
	const changed = (workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true;
	if (savedBeforeRun && changed) {
		const saved = JSON.parse(JSON.stringify(workflow.staticData[`node:${node.name}`] ?? {})) as IDataObject;
		for (const key of Object.keys(persisted)) delete persisted[key];
		Object.assign(persisted, saved);
	}
	const answer = answeredByNode
		? { status: recorded.statusCode, body: recorded.body }
		: defaultWebhookAnswer(result, webhookData.webhookDescription.responseData);
	return {
		status: answer.status,
		responseBody: answer.body,
		responseHeaders: recorded.headers,
		workflowData: result.workflowData,
		noWebhookResponse: result.noWebhookResponse,
		webhookResponse: result.webhookResponse,
		logs: logger.since(firstLog),
	};
}
