/**
 * A Roughy account with many assets of mixed states and ages, seeded through
 * the emulator's control API (no HTTP, so seeding costs no rate-limit quota),
 * and what the example cleanup ("failed, or older than 90 days") should do
 * with it. Deterministic: the same options always give the same account.
 */
import type { EmulatorControl } from '../../../../emulator';

const DAY_MS = 24 * 60 * 60 * 1000;
export const CLEANUP_AGE_DAYS = 90;

type AssetState = 'failed' | 'pending_upload' | 'pending_payment' | 'processing' | 'ready';

export interface SeededAsset {
	id: string;
	/** Seeding order; later is not newer (ages are spread). */
	index: number;
	state: AssetState;
	createdAt: string;
	ageDays: number;
	cuts: string[];
	renders: string[];
	/** Completed cuts: each carries its generated subtitle. */
	subtitles: number;
	/** Has a cut or render still pending or processing. */
	busy: boolean;
	/** Matches the example's lists: failed, or older than 90 days. */
	matchesCleanup: boolean;
}

export interface MixedAccount {
	assets: SeededAsset[];
	byId: Map<string, SeededAsset>;
	/** The assets the example's two lists name, in the order Delete Many receives them (each once). */
	cleanupOrder: SeededAsset[];
	/** Of those, the ones Delete Many deletes (no unfinished cut or render). */
	deletable: SeededAsset[];
	/** Of those, the ones it skips because work is in progress. */
	busy: SeededAsset[];
	/** Another account's old, failed assets: never listed, never touched. */
	foreignIds: string[];
}

/** A state for every 20 assets: 2 failed, 2 pending upload, 2 pending payment, 1 processing, 13 ready. */
function stateFor(index: number): AssetState {
	const slot = index % 20;
	if (slot < 2) return 'failed';
	if (slot < 4) return 'pending_upload';
	if (slot < 6) return 'pending_payment';
	if (slot < 7) return 'processing';
	return 'ready';
}

/**
 * Ages spread over 0-100 days, independently of the state (101 is prime).
 * The fraction of a day (0.3 to 0.99) keeps every asset hours away from the
 * 90-day line, so the seconds between seeding and running never move one
 * across it; the minutes make every age unique.
 */
function ageFor(index: number): number {
	return ((index * 53) % 101) + 0.3 + index / 1440;
}

function timestamp(ms: number): string {
	return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

function newestFirst(a: SeededAsset, b: SeededAsset) {
	return a.ageDays - b.ageDays;
}

export function seedMixedAccount(control: EmulatorControl, count = 1000, projectCount = 4): MixedAccount {
	const now = Date.now();
	const projects = Array.from({ length: projectCount }, (_, index) =>
		control.createProject({ name: `Show ${index + 1}`, created_at: timestamp(now - 200 * DAY_MS) }),
	);
	const assets: SeededAsset[] = [];
	for (let index = 0; index < count; index++) {
		const state = stateFor(index);
		const ageDays = ageFor(index);
		const createdAt = timestamp(now - ageDays * DAY_MS);
		const seeded = control.seedAsset({
			project_id: projects[index % projectCount].id,
			state,
			created_at: createdAt,
			format: index % 2 === 0 ? 'mp4' : 'mp3',
		});
		const asset: SeededAsset = {
			id: seeded.id,
			index,
			state,
			createdAt,
			ageDays,
			cuts: [],
			renders: [],
			subtitles: 0,
			busy: false,
			matchesCleanup: state === 'failed' || ageDays > CLEANUP_AGE_DAYS,
		};
		const prepared = state === 'ready' || state === 'pending_payment';
		if (prepared && index % 3 === 0) {
			const completed = control.seedCut({ asset_id: asset.id, script: 'Keep the intro', created_at: createdAt });
			const failed = control.seedCut({ asset_id: asset.id, script: 'Too short', state: 'failed', created_at: createdAt });
			asset.cuts.push(completed.id, failed.id);
			asset.subtitles = 1;
			if (index % 6 === 0) {
				asset.renders.push(
					control.seedRender({ asset_id: asset.id, cut_id: completed.id, output: { format: 'mp4' }, created_at: createdAt }).id,
				);
			}
		}
		// Unfinished work on some assets the cleanup would delete, and on a few it would not touch anyway.
		const old = ageDays > CLEANUP_AGE_DAYS;
		if (prepared && (old ? index % 8 === 1 : index % 97 === 8)) {
			asset.renders.push(control.seedRender({ asset_id: asset.id, state: 'processing', created_at: createdAt }).id);
			asset.busy = true;
		}
		if (prepared && (old ? index % 8 === 2 : index % 89 === 9)) {
			asset.cuts.push(control.seedCut({ asset_id: asset.id, script: 'Second take', state: 'pending', created_at: createdAt }).id);
			asset.busy = true;
		}
		assets.push(asset);
	}
	const foreignIds = Array.from(
		{ length: 5 },
		(_, index) =>
			control.seedAsset({ foreign: true, state: 'failed', created_at: timestamp(now - (150 + index) * DAY_MS) }).id,
	);

	// Delete Many gets the "Failed assets" list, then the "older than 90 days" list, each newest first.
	const failed = assets.filter((asset) => asset.state === 'failed').sort(newestFirst);
	const old = assets.filter((asset) => asset.ageDays > CLEANUP_AGE_DAYS).sort(newestFirst);
	const cleanupOrder = [...new Set([...failed, ...old])];
	return {
		assets,
		byId: new Map(assets.map((asset) => [asset.id, asset])),
		cleanupOrder,
		deletable: cleanupOrder.filter((asset) => !asset.busy),
		busy: cleanupOrder.filter((asset) => asset.busy),
		foreignIds,
	};
}
