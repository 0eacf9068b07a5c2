import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { getResourceId } from '../../fields/locator';

/** One asset to clean up, with every input item that named it. */
export interface CleanupTarget {
	assetId: string;
	itemIndices: number[];
}

/** An input item whose asset ID is missing or not a UUID. */
export interface UnusableItem {
	itemIndex: number;
	error: NodeOperationError;
}

export interface CleanupTargets {
	/** In input order, each asset once. */
	targets: CleanupTarget[];
	unusable: UnusableItem[];
}

/**
 * Reads the asset ID of every input item before anything is sent, so a bad
 * expression fails the run before the first deletion rather than halfway.
 * An asset named by several items (two lists merged, a repeated run) is
 * handled once and answers all of them.
 */
export function collectCleanupTargets(
	context: IExecuteFunctions,
	itemCount: number,
	parameterName: string,
): CleanupTargets {
	const byId = new Map<string, CleanupTarget>();
	const unusable: UnusableItem[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		let assetId: string;
		try {
			assetId = getResourceId(context, 'asset', itemIndex, parameterName);
		} catch (error) {
			unusable.push({ itemIndex, error: error as NodeOperationError });
			continue;
		}
		const known = byId.get(assetId);
		if (known) known.itemIndices.push(itemIndex);
		else byId.set(assetId, { assetId, itemIndices: [itemIndex] });
	}
	return { targets: [...byId.values()], unusable };
}
