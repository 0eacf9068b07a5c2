import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { abortableSleep } from '../../shared/abortable-sleep';
import { executionCancelled, isExecutionCancelled } from '../../shared/cancellation';
import { asNodeError } from '../../shared/node-errors';
import { getCancelSignal, isNetworkError, roughyStatus } from '../../shared/transport';
import type { WaitSettings } from '../fields/wait';

/** Later checks slow down to this, so long jobs cost few requests. */
const MAX_CHECK_INTERVAL_MS = 30_000;
const INTERVAL_GROWTH = 1.5;

export interface Stateful {
	id: string;
	state: string;
	error_code?: string | null;
	error_message?: string | null;
}

export interface WaitTarget<T extends Stateful> {
	entity: 'asset' | 'cut' | 'render';
	id: string;
	itemIndex: number;
	settings: WaitSettings;
	read: () => Promise<T>;
	/** States that end the wait successfully. */
	done: string[];
	/** States that end the wait with an error, each with what the user should do. */
	failed: Record<string, string>;
}

/**
 * Polls until the entity reaches a terminal state or the deadline passes.
 * Deadline-based (not a count of tries), slowing from the user's first
 * interval to 30 s. A dropped connection or a 5xx while polling only means
 * "check again later"; a 404 (deleted meanwhile) ends the wait at once.
 * Every error names the entity, so a paid-for job is never lost.
 */
export async function waitUntilTerminal<T extends Stateful>(
	context: IExecuteFunctions,
	target: WaitTarget<T>,
): Promise<T> {
	const { entity, id, itemIndex, settings } = target;
	const signal = getCancelSignal(context);
	const startedAt = Date.now();
	const deadline = startedAt + settings.timeoutMs;
	let interval = settings.firstCheckMs;
	let lastState = 'unknown';

	for (;;) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) break;
		try {
			await abortableSleep(Math.min(interval, remaining), signal);
		} catch {
			throw executionCancelled(context.getNode());
		}
		interval = Math.min(Math.max(MAX_CHECK_INTERVAL_MS, settings.firstCheckMs), interval * INTERVAL_GROWTH);

		let current: T;
		try {
			current = await target.read();
		} catch (error) {
			if (isExecutionCancelled(error)) throw asNodeError(context.getNode(), error);
			const status = roughyStatus(error);
			const transient = isNetworkError(error) || (status !== undefined && status >= 500);
			if (!transient) throw asNodeError(context.getNode(), error);
			context.logger.warn(`Roughy: could not check ${entity} ${id}, will check again`, {
				entity,
				id,
			});
			continue;
		}
		lastState = current.state;
		if (target.done.includes(current.state)) return current;
		const advice = target.failed[current.state];
		if (advice !== undefined) {
			const reason = current.error_message
				? `${current.error_message}${current.error_code ? ` (${current.error_code})` : ''}`
				: current.error_code ?? '';
			const error = new NodeOperationError(
				context.getNode(),
				`The ${entity} ${id} ended as "${current.state}"${reason ? `: ${reason}` : ''}`,
				{ itemIndex, description: advice },
			);
			error.context.roughyErrorCode = current.error_code ?? null;
			error.context.entityId = id;
			error.context.entityState = current.state;
			throw error;
		}
		context.logger.debug(`Roughy: ${entity} ${id} is ${current.state}, waiting`, { entity, id });
	}

	const minutes = Math.round(settings.timeoutMs / 60_000);
	const error = new NodeOperationError(
		context.getNode(),
		`Stopped waiting for ${entity} ${id} after ${minutes} minute${minutes === 1 ? '' : 's'} (still "${lastState}")`,
		{
			itemIndex,
			description: `The ${entity} keeps going in Roughy. Get it later by its ID, raise "Timeout (Minutes)", or react to it with the Roughy Trigger instead of waiting.`,
		},
	);
	error.context.entityId = id;
	error.context.entityState = lastState;
	throw error;
}
