import type { Clock } from './clock';
import { uuidv7 } from './ids';
import type { LedgerEntryType, LedgerRecord, MediaKind } from './model';
import type { EmulatorState } from './state';

/**
 * Bytes per second of source for each container, used to derive a
 * deterministic duration from the stored size (the emulator does not decode
 * media). Audio at 128 kbit/s (WAV and FLAC at CD rates), video at 8 Mbit/s.
 * E.g. a 960 000-byte MP3 is exactly 60 s, i.e. 1 credit.
 */
export const BYTES_PER_SECOND: Record<string, number> = {
	mp3: 16_000,
	m4a: 16_000,
	aac: 16_000,
	ogg: 16_000,
	ogv: 1_000_000,
	flac: 88_200,
	wav: 176_400,
	mp4: 1_000_000,
	mov: 1_000_000,
	webm: 1_000_000,
	mkv: 1_000_000,
	avi: 1_000_000,
};

/** Video sources are treated as 25 fps; audio has no native frame rate (exports then need `frame_rate`). */
export const VIDEO_SOURCE_FRAME_RATE = 25;

/** Duration as Roughy shows it: a decimal string with three places, never zero. */
export function durationFor(media: MediaKind, sizeBytes: number): string {
	const seconds = Math.max(0.001, sizeBytes / (BYTES_PER_SECOND[media.extension] ?? 16_000));
	return seconds.toFixed(3);
}

/** 1 credit per started minute of source: 90 s → 2, 10 min → 10. */
export function creditsFor(durationSeconds: string): number {
	return Math.max(1, Math.ceil(Number(durationSeconds) / 60));
}

export function appendLedger(
	state: EmulatorState,
	clock: Clock,
	type: LedgerEntryType,
	delta: number,
	refs: Partial<Pick<LedgerRecord, 'asset_id' | 'grant_id' | 'stripe_invoice_id'>> = {},
): LedgerRecord {
	const entry: LedgerRecord = {
		id: uuidv7(clock.nowMs()),
		type,
		delta,
		asset_id: refs.asset_id ?? null,
		grant_id: refs.grant_id ?? null,
		stripe_invoice_id: refs.stripe_invoice_id ?? null,
		created_at: clock.timestamp(),
	};
	state.ledger.push(entry);
	return entry;
}
