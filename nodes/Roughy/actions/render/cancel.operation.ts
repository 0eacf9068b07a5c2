import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from '../../../shared/node-errors';
import { roughyApiRequest, roughyErrorCode } from '../../../shared/transport';
import type { Render } from '../../../shared/types';
import { getResourceId, resourceLocator } from '../../fields/locator';
import { isCancelled, readRender } from './render.api';

const TERMINAL_STATES = ['completed', 'failed', 'cancelled'];

export const description: INodeProperties[] = [
	resourceLocator('render', { description: 'The pending or processing render to stop' }),
	{
		displayName: 'Treat Already Finished as Success',
		name: 'treatFinishedAsSuccess',
		type: 'boolean',
		default: false,
		description:
			'Whether a render that already finished (completed, failed or cancelled) gives an item with "result" set to "already_finished" instead of an error. Useful when the render may end on its own before the cancel arrives.',
	},
];

type CancelResult = 'cancelled' | 'cancel_requested' | 'already_finished';

function outcome(render: Render, result: CancelResult): INodeExecutionData[] {
	return [
		{
			json: {
				render_id: render.id,
				result,
				state: render.state,
				render: { ...render, output: { ...render.output } },
			},
		},
	];
}

function alreadyFinished(context: IExecuteFunctions, render: Render, itemIndex: number) {
	const error = new NodeOperationError(
		context.getNode(),
		`Render ${render.id} has already finished as "${isCancelled(render) ? 'cancelled' : render.state}"; there is nothing to cancel`,
		{
			itemIndex,
			description:
				'Turn on "Treat Already Finished as Success" to get an item with the render\'s state instead of an error.',
		},
	);
	error.context.roughyErrorCode = 'conflict';
	error.context.entityId = render.id;
	error.context.entityState = render.state;
	return error;
}

function isRender(body: unknown, id: string): body is Render {
	const render = body as Partial<Render> | null | undefined;
	return (
		typeof render === 'object' &&
		render !== null &&
		typeof render.id === 'string' &&
		render.id.toLowerCase() === id.toLowerCase() &&
		typeof render.state === 'string'
	);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = getResourceId(this, 'render', itemIndex);
	const finishedIsSuccess = this.getNodeParameter('treatFinishedAsSuccess', itemIndex, false) as boolean;

	let render: Render;
	try {
		// Repeating a cancel cannot start or charge anything, so the transport may retry it.
		const answer = await roughyApiRequest<Render | undefined>(this, {
			method: 'POST',
			path: `/v1/renders/${id}/cancel`,
			idempotent: true,
			subject: `render ${id}`,
			itemIndex,
		});
		// The cancel's answer is our reading of the contract (DECISIONS.md #11): a 202 or 204
		// without the render, or anything else, is tolerated and the render read again.
		render = isRender(answer, id) ? answer : await readRender(this, id, itemIndex);
	} catch (error) {
		if (roughyErrorCode(error) !== 'conflict') throw asNodeError(this.getNode(), error);
		// Roughy refuses to cancel a terminal render; read it to say how it ended.
		const current = await readRender(this, id, itemIndex);
		if (!TERMINAL_STATES.includes(current.state)) throw asNodeError(this.getNode(), error);
		if (!finishedIsSuccess) throw alreadyFinished(this, current, itemIndex);
		return outcome(current, 'already_finished');
	}

	if (isCancelled(render)) return outcome(render, 'cancelled');
	// Roughy may stop the encode a moment later; the render is still being stopped.
	if (!TERMINAL_STATES.includes(render.state)) return outcome(render, 'cancel_requested');
	if (!finishedIsSuccess) throw alreadyFinished(this, render, itemIndex);
	return outcome(render, 'already_finished');
}
