import {
	Workflow,
	type IConnections,
	type IDataObject,
	type INode,
	type IWorkflowSettings,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../nodes/shared/transport/context';
import {
	credentialReference,
	HarnessCredentialsHelper,
	type RoughyTestCredentials,
} from './credentials-helper';
import { nodeTypes } from './node-types';

export const HARNESS_WORKFLOW_ID = 'harness-workflow';

/** New workflows in n8n 1.x and later run in v1 order; so do ours. */
const WORKFLOW_SETTINGS: IWorkflowSettings = { executionOrder: 'v1' };

export async function credentialsHelperFor(
	credentials: RoughyTestCredentials | undefined,
): Promise<HarnessCredentialsHelper> {
	const helper = new HarnessCredentialsHelper();
	if (credentials) await helper.setCredentials(CREDENTIAL_TYPE, { ...credentials });
	return helper;
}

/**
 * Copies the nodes (n8n fills parameter defaults in place) and points every
 * node whose type takes the Roughy credential at the run's credential, the
 * way a user picks it in the node's credential dropdown.
 */
export function withCredentialReferences(nodes: INode[]): INode[] {
	return nodes.map((original) => {
		const node = structuredClone(original);
		const wanted = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.credentials;
		if (wanted?.some((credential) => credential.name === CREDENTIAL_TYPE)) {
			node.credentials = { [CREDENTIAL_TYPE]: credentialReference(CREDENTIAL_TYPE), ...node.credentials };
		}
		return node;
	});
}

export function createWorkflow(options: {
	nodes: INode[];
	connections: IConnections;
	staticData?: IDataObject;
	active?: boolean;
}): Workflow {
	return new Workflow({
		id: HARNESS_WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: options.nodes,
		connections: options.connections,
		nodeTypes,
		staticData: options.staticData,
		active: options.active ?? false,
		settings: WORKFLOW_SETTINGS,
	});
}
