import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

const MAX_FRAME_RATE = 120;

/** The "Frame Rate" option: fractional rates such as 23.976 and 29.97 are common. */
export function frameRateOption(defaultFrameRate: number, description: string): INodeProperties {
	return {
		displayName: 'Frame Rate',
		name: 'frameRate',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_FRAME_RATE, numberPrecision: 3 },
		default: defaultFrameRate,
		description,
	};
}

/**
 * The frame rate, or undefined when the option is not set; checked here
 * because an expression bypasses the UI's bounds. `adviceEnd` finishes the
 * error's advice in the operation's words (examples, or what was not sent).
 */
export function readFrameRate(
	context: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	adviceEnd: string,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const frameRate = Number(value);
	if (!Number.isFinite(frameRate) || frameRate <= 0 || frameRate > MAX_FRAME_RATE) {
		throw new NodeOperationError(context.getNode(), `A frame rate of ${String(value)} is not usable`, {
			itemIndex,
			description: `Set "Frame Rate" to a number above 0 and up to ${MAX_FRAME_RATE}${adviceEnd}`,
		});
	}
	return frameRate;
}
