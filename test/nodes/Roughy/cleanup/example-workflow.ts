/**
 * examples/scheduled-cleanup.json as the harness runs it: the file a user
 * imports, minus its sticky note (not a node that runs) and its credential
 * references (the harness binds every Roughy node to the emulator's key, as a
 * user picks "Roughy account" after importing).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

export const EXAMPLE_PATH = path.resolve(__dirname, '../../../../examples/scheduled-cleanup.json');

/** The node names the example uses, for reading outputs. */
export const STEP = {
	trigger: 'Every day at 3am',
	failed: 'Failed assets',
	old: 'Assets older than 90 days',
	merge: 'Both lists',
	delete: 'Delete assets',
	summary: 'Run summary',
} as const;

export interface ExampleFile {
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings?: Record<string, unknown>;
}

export function readExampleFile(): ExampleFile {
	return JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as ExampleFile;
}

/** The example, ready to run, with "Delete assets" changed by `deleteParameters` (e.g. Dry Run off). */
export function exampleWorkflow(deleteParameters: INodeParameters = {}) {
	const file = readExampleFile();
	const nodes = file.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map(({ credentials: _credentials, ...node }) =>
			node.name === STEP.delete ? { ...node, parameters: { ...node.parameters, ...deleteParameters } } : node,
		);
	return { nodes, connections: file.connections };
}
