import { NodeOperationError, type INode } from 'n8n-workflow';

import { ExecutionCancelledError } from './abortable-sleep';

/** The error that ends an operation when the user stops the execution. */
export function executionCancelled(node: INode): NodeOperationError {
	const error = new NodeOperationError(node, 'The execution was cancelled', {
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
