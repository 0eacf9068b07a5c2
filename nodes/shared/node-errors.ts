import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * The error as one of n8n's node error types, for re-throwing. Both
 * constructors hand back an error that already has their type, so errors
 * from the transport keep their message, description and context.
 */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) return new NodeApiError(node, error as unknown as JsonObject);
	return new NodeOperationError(node, error as Error);
}
