import { NodeOperationError, type INode } from 'n8n-workflow';

import { ExecutionCancelledError } from './abortable-sleep';

/**
 * The error that ends an operation when the user stops the execution. The
 * American spelling matters: n8n's engine recognises a cancellation by the
 * word "canceled" in the message and records the run as canceled, not failed.
 */
export function executionCancelled(node: INode): NodeOperationError {
	const error = new NodeOperationError(node, 'The execution was canceled', {
		description: 'Stopped on request. Nothing more was sent to Roughy.',
	});
	error.context.executionCancelled = true;
	return error;
}

/** True for a cancellation, however deep it was raised: never retried, never turned into an item. */
export function isExecutionCancelled(error: unknown): boolean {
	if (error instanceof ExecutionCancelledError) return true;
	const context = (error as { context?: { executionCancelled?: unknown } })?.context;
	return context?.executionCancelled === true;
}
