/**
 * What every fault in the catalogue must leave true, read from the
 * emulator's own records: its request log (what the node sent) and its
 * state (what exists and what was charged). A fault may make a run fail;
 * it may never make Roughy create or charge something twice.
 */
import type { RecordedRequest, RunningEmulator } from '../../emulator';

export const ASSET_CREATES = /^\/v1\/assets$/;
export const CUT_CREATES = /^\/v1\/cuts$/;
export const RENDER_CREATES = /^\/v1\/renders$/;
export const UPLOADS = /^\/v1\/uploads\//;
export const ENDPOINT_CREATES = /^\/v1\/webhook-endpoints$/;

export function requestsTo(emu: RunningEmulator, method: string, path: RegExp): RecordedRequest[] {
	return emu.requests.filter((request) => request.method === method && path.test(request.path));
}

/** Roughy's price: 1 credit per started minute of source, at least 1. */
function priceOf(durationSeconds: string | null): number | undefined {
	return durationSeconds === null ? undefined : Math.max(1, Math.ceil(Number(durationSeconds) / 60));
}

export interface Expected {
	assets?: number;
	cuts?: number;
	renders?: number;
	endpoints?: number;
	/** Assets that reached a charged state (ready) and so must have exactly one charge each. */
	charged?: number;
}

/**
 * The entities the emulator holds and the charges in its ledger, as plain
 * numbers a test compares with `nothingTwice(...)` in one `toEqual`.
 */
export function accountOf(emu: RunningEmulator) {
	const snapshot = emu.control.snapshot();
	const charges = snapshot.ledger.filter((entry) => entry.type === 'consume_asset');
	const credits = new Map(snapshot.assets.map((asset) => [asset.id, priceOf(asset.duration_seconds)]));
	return {
		assets: snapshot.assets.length,
		cuts: snapshot.cuts.length,
		renders: snapshot.renders.length,
		endpoints: snapshot.webhook_endpoints.length,
		charges: charges.length,
		assetsCharged: new Set(charges.map((entry) => entry.asset_id)).size,
		/** Every charge is exactly the price of its asset. */
		chargesMatchAssets: charges.every((entry) => entry.asset_id !== null && -entry.delta === credits.get(entry.asset_id)),
	};
}

/** What `accountOf` must say when each entity exists once and each ready asset was charged once. */
export function nothingTwice(expected: Expected) {
	const charged = expected.charged ?? 0;
	return {
		assets: expected.assets ?? 0,
		cuts: expected.cuts ?? 0,
		renders: expected.renders ?? 0,
		endpoints: expected.endpoints ?? 0,
		charges: charged,
		assetsCharged: charged,
		chargesMatchAssets: true,
	};
}
