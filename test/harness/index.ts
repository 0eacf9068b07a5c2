/**
 * Workflow test harness: runs this package's nodes through n8n-core's real
 * execution engine. See test/harness/README.md.
 */
export { binaryFromBuffer, binaryFromFile, openBinaryStream, readBinary, type TestBinary } from './binary';
export type { RoughyTestCredentials } from './credentials-helper';
export type { CapturedLog, CapturedLogLevel } from './logger';
export { MANUAL_TRIGGER_TYPE } from './manual-trigger';
export { registerNodeType } from './node-types';
export {
	manualTriggerNode,
	NODE_TYPES,
	roughyNode,
	runRoughyNode,
	type RoughyNodeResult,
	type RunRoughyNodeOptions,
} from './roughy';
export type { BinaryMode } from './services';
export {
	deliverWebhook,
	runWebhookLifecycle,
	type WebhookDelivery,
	type WebhookLifecycle,
	type WebhookMode,
} from './webhook';
export type { WebhookTestRequest } from './webhook-http';
export { runWorkflow, type RunWorkflowOptions, type TestItem, type WorkflowRunResult } from './workflow';
