import {
	NodeHelpers,
	type IDataObject,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { HarnessManualTrigger, MANUAL_TRIGGER_TYPE } from './manual-trigger';
import { instantiate, NODE_SOURCES, packageNodeType } from './package-sources';

type AnyNodeType = INodeType | IVersionedNodeType;

/**
 * The node types a harness workflow can use: every node this package lists
 * in package.json (loaded from its TypeScript source on first use) plus the
 * stand-in Manual Trigger.
 */
export class HarnessNodeTypes implements INodeTypes {
	private readonly loaders = new Map<string, () => AnyNodeType>();

	private readonly loaded = new Map<string, AnyNodeType>();

	constructor() {
		this.loaders.set(MANUAL_TRIGGER_TYPE, () => new HarnessManualTrigger());
		for (const source of NODE_SOURCES) {
			this.loaders.set(packageNodeType(source.expectedName), () => {
				const nodeType = instantiate<AnyNodeType>(source);
				if (nodeType.description.name !== source.expectedName) {
					throw new Error(
						`${source.className} declares name "${nodeType.description.name}"; n8n-nodes lint expects "${source.expectedName}"`,
					);
				}
				return nodeType;
			});
		}
	}

	/**
	 * Adds a node type only tests use (a probe that reads what the node under
	 * test produced, a stand-in trigger). Replaces an earlier one of that name.
	 */
	register(type: string, nodeType: AnyNodeType) {
		this.loaders.set(type, () => nodeType);
		this.loaded.delete(type);
	}

	getByName(type: string): AnyNodeType {
		let nodeType = this.loaded.get(type);
		if (!nodeType) {
			const load = this.loaders.get(type);
			if (!load) {
				throw new Error(
					`Unknown node type "${type}". The harness knows: ${[...this.loaders.keys()].join(', ')}`,
				);
			}
			nodeType = load();
			this.loaded.set(type, nodeType);
		}
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.loaders.keys()].map((type) => [type, {}]));
	}
}

export const nodeTypes = new HarnessNodeTypes();

export function registerNodeType(type: string, nodeType: AnyNodeType) {
	nodeTypes.register(type, nodeType);
}
