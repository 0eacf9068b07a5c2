/**
 * The benchmark account: `toDelete` assets the example cleanup names (all
 * older than 90 days, a tenth of them failed) among `keep` recent ones it
 * must leave alone. Every third prepared asset has two cuts (one completed,
 * so one subtitle) and every sixth a render; one in fifty has a render still
 * processing, which the in-progress guard must skip. Seeded through the
 * emulator's control API, so seeding spends no rate-limit quota.
 */
import type { EmulatorControl } from '../../emulator';

const DAY_MS = 24 * 60 * 60 * 1000;
const STATES = ['ready', 'ready', 'ready', 'ready', 'ready', 'ready', 'pending_payment', 'pending_upload', 'processing', 'failed'] as const;

export interface BenchAccount {
	/** Assets in the account (including the ones to keep). */
	assets: number;
	failed: number;
	cuts: number;
	renders: number;
	/** Assets the cleanup names. */
	named: number;
	/** Of those, with a render still processing. */
	busy: number;
	inProgressCuts: number;
	inProgressRenders: number;
}

function timestamp(ms: number): string {
	return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export function seedBenchAccount(control: EmulatorControl, toDelete: number, keep: number): BenchAccount {
	const now = Date.now();
	const project = control.createProject({ name: 'Archive', created_at: timestamp(now - 500 * DAY_MS) });
	const account: BenchAccount = { assets: 0, failed: 0, cuts: 0, renders: 0, named: toDelete, busy: 0, inProgressCuts: 0, inProgressRenders: 0 };
	for (let index = 0; index < toDelete + keep; index++) {
		const named = index < toDelete;
		const state = named ? STATES[index % STATES.length] : 'ready';
		// Named assets are 91-400 days old, kept ones 0-60: both hours away from the 90-day line.
		const ageDays = named ? 91 + ((index * 53) % 310) + index / 2000 : (index % 60) + 0.5;
		const createdAt = timestamp(now - ageDays * DAY_MS);
		const asset = control.seedAsset({ project_id: project.id, state, created_at: createdAt });
		account.assets++;
		if (state === 'failed') account.failed++;
		const prepared = state === 'ready' || state === 'pending_payment';
		if (prepared && index % 3 === 0) {
			const cut = control.seedCut({ asset_id: asset.id, script: 'Keep the intro', created_at: createdAt });
			control.seedCut({ asset_id: asset.id, script: 'Too short', state: 'failed', created_at: createdAt });
			account.cuts += 2;
			if (index % 6 === 0) {
				control.seedRender({ asset_id: asset.id, cut_id: cut.id, created_at: createdAt });
				account.renders++;
			}
		}
		if (prepared && index % 50 === 4) {
			control.seedRender({ asset_id: asset.id, state: 'processing', created_at: createdAt });
			account.renders++;
			account.inProgressRenders++;
			if (named) account.busy++;
		}
	}
	return account;
}
