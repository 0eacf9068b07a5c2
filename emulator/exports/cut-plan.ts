import { createHash } from 'node:crypto';

/** One kept span of the source, in seconds, with the words spoken in it. */
export interface KeptSegment {
	start: number;
	end: number;
	text: string;
}

const PLACEHOLDER_WORDS = (
	'so today we want to talk about how the team shipped the new release and what we learned ' +
	'along the way about planning testing and listening to the people who use it every day'
).split(' ');

/** A stream of deterministic numbers in [0, 1) from a seed. */
function randomStream(seed: string): () => number {
	let state = createHash('sha256').update(seed).digest();
	let at = 0;
	return () => {
		if (at + 4 > state.length) {
			state = createHash('sha256').update(state).digest();
			at = 0;
		}
		const value = state.readUInt32BE(at) / 0x1_0000_0000;
		at += 4;
		return value;
	};
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Roughy's kept-segment plan, imitated: spans of 2-9 s separated by dropped
 * pauses of 0.3-1.5 s, derived only from (asset, script), so the same cut
 * always exports the same timeline. Script words are spread over the
 * segments in order; without a script, placeholder speech is used.
 */
export function planCut(assetId: string, durationSeconds: number, script: string | null): KeptSegment[] {
	const random = randomStream(`${assetId}\n${script ?? ''}`);
	const duration = Math.max(0.1, durationSeconds);
	// Longer sources get longer spans so a timeline stays under ~200 clips.
	const stretch = Math.max(1, duration / (200 * 6));
	const spans: Array<{ start: number; end: number }> = [];
	let at = Math.min(duration / 10, 0.2 + random() * 0.8);
	while (at < duration - 0.05) {
		const end = Math.min(duration, at + (2 + random() * 7) * stretch);
		spans.push({ start: round3(at), end: round3(end) });
		at = end + (0.3 + random() * 1.2) * stretch;
	}
	if (spans.length === 0) spans.push({ start: 0, end: round3(duration) });

	const words = script?.trim() ? script.trim().split(/\s+/) : null;
	const perSegment = words ? Math.ceil(words.length / spans.length) : 0;
	return spans.map((span, index) => ({
		...span,
		text: words
			? words.slice(index * perSegment, (index + 1) * perSegment).join(' ') || '…'
			: Array.from({ length: 6 }, () => PLACEHOLDER_WORDS[Math.floor(random() * PLACEHOLDER_WORDS.length)]).join(' '),
	}));
}

export function keptDuration(segments: KeptSegment[]): number {
	return round3(segments.reduce((sum, segment) => sum + (segment.end - segment.start), 0));
}
