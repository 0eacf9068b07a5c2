import { appendLedger } from '../billing';
import type { EmulatorCore } from '../core';
import { markAssetReady } from './assets';

/** The starting balance, booked the way a sign-up grant would be. */
export function grantInitialCredits(core: EmulatorCore): void {
	if (core.options.initialCredits !== 0) {
		appendLedger(core.state, core.clock, 'topup', core.options.initialCredits, { grant_id: 'grant_emulator_initial' });
	}
}

/**
 * A purchase: books the top-up, then activates `pending_payment` assets
 * oldest first while the balance covers each one. Activation stops at the
 * first asset the balance can't cover, so a large old asset is not starved
 * by newer small ones.
 */
export function topUp(core: EmulatorCore, credits: number, stripeInvoiceId = `in_emulator_${Date.now()}`): void {
	appendLedger(core.state, core.clock, 'topup', credits, { stripe_invoice_id: stripeInvoiceId });
	activatePendingPayments(core);
}

export function activatePendingPayments(core: EmulatorCore): void {
	const waiting = core.state.ownAssets()
		.filter((asset) => asset.state === 'pending_payment')
		.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
	for (const asset of waiting) {
		const credits = asset.credits ?? 0;
		if (core.state.balance() < credits) break;
		appendLedger(core.state, core.clock, 'consume_asset', -credits, { asset_id: asset.id });
		markAssetReady(core, asset, 'pending_payment');
	}
}

/** Sets the balance to an exact value with one `adjustment` entry (the ledger stays a sum of deltas). */
export function setBalance(core: EmulatorCore, balance: number): void {
	const delta = balance - core.state.balance();
	if (delta !== 0) appendLedger(core.state, core.clock, 'adjustment', delta);
}
