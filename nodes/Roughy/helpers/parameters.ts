import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { UUID_PATTERN, type LocatorResource } from '../actions/common.descriptions';

const UUID = new RegExp(UUID_PATTERN);

/**
 * The id from a resource locator, checked before anything is sent: a typo
 * or a pasted name would otherwise come back as a confusing 404 or 422.
 */
export function getResourceId(
	context: IExecuteFunctions,
	resource: LocatorResource,
	itemIndex: number,
	parameterName = `${resource}Id`,
): string {
	const raw = context.getNodeParameter(parameterName, itemIndex, '', { extractValue: true });
	const id = typeof raw === 'string' ? raw.trim() : String(raw ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(context.getNode(), `No ${resource} given`, {
			itemIndex,
			description: `Choose ${resource === 'asset' ? 'an' : 'a'} ${resource} from the list or enter its ID.`,
		});
	}
	if (!UUID.test(id)) {
		throw new NodeOperationError(context.getNode(), `"${id}" is not a valid ${resource} ID`, {
			itemIndex,
			description: `Roughy ${resource} IDs are UUIDs such as 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9. Check the value or the expression that produces it.`,
		});
	}
	return id.toLowerCase();
}

export interface WaitSettings {
	enabled: boolean;
	timeoutMs: number;
	firstCheckMs: number;
}

/** Reads and checks "Wait for Completion" (expressions can bypass the UI's min/max). */
export function getWaitSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	defaultTimeoutMinutes: number,
): WaitSettings {
	const enabled = context.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	const options = context.getNodeParameter('waitOptions', itemIndex, {}) as {
		timeoutMinutes?: number;
		checkEverySeconds?: number;
	};
	const timeoutMinutes = Number(options.timeoutMinutes ?? defaultTimeoutMinutes);
	const checkEverySeconds = Number(options.checkEverySeconds ?? 5);
	if (!Number.isFinite(timeoutMinutes) || timeoutMinutes < 1 || timeoutMinutes > 720) {
		throw new NodeOperationError(context.getNode(), `Timeout of ${options.timeoutMinutes} minutes is out of range`, {
			itemIndex,
			description: 'Set "Timeout (Minutes)" between 1 and 720 (12 hours).',
		});
	}
	if (!Number.isFinite(checkEverySeconds) || checkEverySeconds < 1 || checkEverySeconds > 300) {
		throw new NodeOperationError(context.getNode(), `Checking every ${options.checkEverySeconds} seconds is out of range`, {
			itemIndex,
			description: 'Set "Check Every (Seconds)" between 1 and 300.',
		});
	}
	return { enabled, timeoutMs: timeoutMinutes * 60_000, firstCheckMs: checkEverySeconds * 1000 };
}

/** "Return All" / "Limit" of a list operation, as the transport's pagination takes them. */
export function getListSelection(
	context: IExecuteFunctions,
	itemIndex: number,
): { returnAll: boolean; limit?: number } {
	const returnAll = context.getNodeParameter('returnAll', itemIndex) as boolean;
	return returnAll
		? { returnAll }
		: { returnAll, limit: context.getNodeParameter('limit', itemIndex) as number };
}

/**
 * The list query for the resource-locator filters the user set (e.g. asset and
 * project), each checked as a UUID: `{ asset_id: …, project_id: … }`.
 */
export function idFilterQuery(
	context: IExecuteFunctions,
	itemIndex: number,
	filters: Partial<Record<`${LocatorResource}Id`, unknown>>,
	resources: LocatorResource[],
): IDataObject {
	const qs: IDataObject = {};
	for (const resource of resources) {
		if (filters[`${resource}Id`] === undefined) continue;
		qs[`${resource}_id`] = getResourceId(context, resource, itemIndex, `filters.${resource}Id`);
	}
	return qs;
}
