import type { EmulatorCore } from '../core';
import type { RenderRecord } from '../model';
import { renderOutputSize } from '../resources/render-files';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

export function isTerminalRender(render: RenderRecord): boolean {
	return TERMINAL.has(render.state);
}

/** pending → processing (after half of renderProcessingMs) → completed (after the other half). */
export function scheduleRender(core: EmulatorCore, render: RenderRecord): void {
	const half = core.options.renderProcessingMs / 2;
	const key = `render:${render.id}`;
	if (render.state === 'pending') {
		core.scheduler.schedule(key, half, () => {
			if (render.state !== 'pending') return;
			render.state = 'processing';
			render.started_at = core.clock.timestamp();
			scheduleRender(core, render);
		});
	} else if (render.state === 'processing') {
		core.scheduler.schedule(key, half, () => completeRender(core, render));
	}
}

export function completeRender(core: EmulatorCore, render: RenderRecord): void {
	if (isTerminalRender(render)) return;
	core.scheduler.cancel(`render:${render.id}`);
	render.started_at ??= core.clock.timestamp();
	render.state = 'completed';
	render.size_bytes = renderOutputSize(core, render);
	render.completed_at = core.clock.timestamp();
	core.events.emit('render.completed', { entity_id: render.id, asset_id: render.asset_id });
}

export function failRender(core: EmulatorCore, render: RenderRecord, code: string, message: string): void {
	if (isTerminalRender(render)) return;
	core.scheduler.cancel(`render:${render.id}`);
	render.state = 'failed';
	render.error_code = code;
	render.error_message = message;
	render.completed_at = core.clock.timestamp();
	core.events.emit('render.failed', { entity_id: render.id, asset_id: render.asset_id });
}

/** The emulator's cancellation: a `cancelled` state (contract decision), completed_at set, render.cancelled fired. */
export function cancelRender(core: EmulatorCore, render: RenderRecord): void {
	if (isTerminalRender(render)) return;
	core.scheduler.cancel(`render:${render.id}`);
	render.state = 'cancelled';
	render.completed_at = core.clock.timestamp();
	core.events.emit('render.cancelled', { entity_id: render.id, asset_id: render.asset_id });
}
