import type { EmulatorCore } from '../core';
import type { CutRecord } from '../model';

/** pending → processing (after half of cutProcessingMs) → completed (after the other half). */
export function scheduleCut(core: EmulatorCore, cut: CutRecord): void {
	const half = core.options.cutProcessingMs / 2;
	const key = `cut:${cut.id}`;
	if (cut.state === 'pending') {
		core.scheduler.schedule(key, half, () => {
			startCut(core, cut);
			scheduleCut(core, cut);
		});
	} else if (cut.state === 'processing') {
		core.scheduler.schedule(key, half, () => completeCut(core, cut));
	}
}

function startCut(core: EmulatorCore, cut: CutRecord): void {
	if (cut.state !== 'pending') return;
	cut.state = 'processing';
	cut.started_at = core.clock.timestamp();
}

export function completeCut(core: EmulatorCore, cut: CutRecord): void {
	if (cut.state === 'completed' || cut.state === 'failed') return;
	core.scheduler.cancel(`cut:${cut.id}`);
	cut.started_at ??= core.clock.timestamp();
	cut.state = 'completed';
	cut.completed_at = core.clock.timestamp();
	core.events.emit('cut.completed', { entity_id: cut.id, asset_id: cut.asset_id });
}

export function failCut(core: EmulatorCore, cut: CutRecord, code: string, message: string): void {
	if (cut.state === 'completed' || cut.state === 'failed') return;
	core.scheduler.cancel(`cut:${cut.id}`);
	cut.state = 'failed';
	cut.error_code = code;
	cut.error_message = message;
	cut.completed_at = core.clock.timestamp();
	core.events.emit('cut.failed', { entity_id: cut.id, asset_id: cut.asset_id });
}
