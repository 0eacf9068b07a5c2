import type { EmulatorCore } from '../core';
import { scheduleCut } from '../lifecycle/cuts';
import { completeRender, failRender, scheduleRender } from '../lifecycle/renders';
import type { CutRecord, CutState, RenderOutput, RenderRecord, RenderState } from '../model';
import { newCut } from '../resources/cuts';
import { newRender } from '../resources/renders';

export interface SeedCutInput {
	asset_id: string;
	script?: string | null;
	/** Default 'completed'. pending/processing carry on like real cuts. */
	state?: CutState;
	created_at?: string;
}

export interface SeedRenderInput {
	asset_id: string;
	cut_id?: string | null;
	output?: RenderOutput;
	/** Default 'completed'. pending/processing carry on like real renders. */
	state?: RenderState;
	created_at?: string;
}

/** A cut placed in a state directly; terminal states get their timestamps, others keep running. */
export function seedCut(core: EmulatorCore, assetId: string, input: SeedCutInput): CutRecord {
	const cut = newCut(core, assetId, input.script ?? null, input.created_at);
	const target = input.state ?? 'completed';
	if (target !== 'pending') {
		cut.state = 'processing';
		cut.started_at = cut.created_at;
	}
	if (target === 'completed' || target === 'failed') {
		cut.state = target;
		cut.completed_at = cut.created_at;
		if (target === 'failed') {
			cut.error_code = 'cut_failed';
			cut.error_message = 'The cut could not be computed.';
		}
	} else {
		scheduleCut(core, cut);
	}
	return cut;
}

/** A render placed in a state directly; completing one fires render.completed like a real one. */
export function seedRender(core: EmulatorCore, assetId: string, input: SeedRenderInput): RenderRecord {
	const render = newRender(core, assetId, input.cut_id ?? null, input.output ?? { format: 'mp4' }, input.created_at);
	const target = input.state ?? 'completed';
	if (target !== 'pending') {
		render.state = 'processing';
		render.started_at = render.created_at;
	}
	if (target === 'completed') completeRender(core, render);
	else if (target === 'failed') failRender(core, render, 'render_failed', 'The render failed.');
	else if (target === 'cancelled') {
		render.state = 'cancelled';
		render.completed_at = core.clock.timestamp();
	} else scheduleRender(core, render);
	return render;
}
