import { ExternalSecretsProxy, type ExecutionLifecycleHooks } from 'n8n-core';
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials-helper';

/** Where the pretend n8n instance lives; only used to build URLs (webhooks, forms). */
export const DEFAULT_INSTANCE_URL = 'http://127.0.0.1:5678';

export interface AdditionalDataOptions {
	credentialsHelper: HarnessCredentialsHelper;
	workflowId: string;
	executionId?: string;
	hooks?: ExecutionLifecycleHooks;
	instanceUrl?: string;
	httpRequest?: IWorkflowExecuteAdditionalData['httpRequest'];
	httpResponse?: IWorkflowExecuteAdditionalData['httpResponse'];
}

function unsupported(feature: string) {
	return async (): Promise<never> => {
		throw new Error(`The test harness does not provide ${feature}`);
	};
}

/**
 * What n8n's CLI hands the engine for each execution, reduced to what a
 * community node can reach: credentials, URLs, hooks. Sub-workflows, agents
 * and the Code node's task runner are not part of this package's nodes and
 * fail loudly if something calls them.
 */
export function buildAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const instanceUrl = (options.instanceUrl ?? DEFAULT_INSTANCE_URL).replace(/\/+$/, '');
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		workflowId: options.workflowId,
		executionId: options.executionId,
		httpRequest: options.httpRequest,
		httpResponse: options.httpResponse,
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		variables: {},
		instanceBaseUrl: instanceUrl,
		restApiUrl: `${instanceUrl}/rest`,
		webhookBaseUrl: `${instanceUrl}/webhook`,
		webhookWaitingBaseUrl: `${instanceUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${instanceUrl}/webhook-test`,
		formBaseUrl: `${instanceUrl}/form`,
		formWaitingBaseUrl: `${instanceUrl}/form-waiting`,
		formTestBaseUrl: `${instanceUrl}/form-test`,
		mcpBaseUrl: `${instanceUrl}/mcp`,
		mcpTestBaseUrl: `${instanceUrl}/mcp-test`,
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		executeWorkflow: unsupported('sub-workflow executions'),
		startRunnerTask: unsupported("the Code node's task runner"),
	};
}
