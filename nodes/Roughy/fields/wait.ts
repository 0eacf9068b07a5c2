import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/** "Wait for Completion" with its options, for operations that start work in Roughy. */
export function waitForCompletionFields(
	entity: 'asset' | 'cut' | 'render',
	defaultTimeoutMinutes: number,
): INodeProperties[] {
	const finished = { asset: 'ready', cut: 'completed', render: 'completed' }[entity];
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description: `Whether to wait until the ${entity} is ${finished} (or failed) before continuing. Without it, the node returns at once and the ${entity} continues in Roughy.`,
		},
		{
			displayName: 'Wait Options',
			name: 'waitOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show: { waitForCompletion: [true] } },
			options: [
				{
					displayName: 'Timeout (Minutes)',
					name: 'timeoutMinutes',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 720 },
					default: defaultTimeoutMinutes,
					description: `How long to wait before giving up. The ${entity} keeps going in Roughy after a timeout; the error tells its ID.`,
				},
				{
					displayName: 'Check Every (Seconds)',
					name: 'checkEverySeconds',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 300 },
					default: 5,
					description:
						'How soon to check the first time. Later checks slow down gradually, up to every 30 seconds.',
				},
			],
		},
	];
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
