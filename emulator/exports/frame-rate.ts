/**
 * Timeline frame rates as NLE formats spell them: NTSC rates (23.976,
 * 29.97, 59.94) are 1000/1001 of a whole timebase, which FCPXML writes as a
 * rational frame duration (1001/24000s) and XMEML as timebase + <ntsc>.
 */
export interface FrameRate {
	fps: number;
	timebase: number;
	ntsc: boolean;
	/** Seconds per frame as a fraction, numerator/denominator. */
	frameDuration: { num: number; den: number };
}

export function frameRate(fps: number): FrameRate {
	const timebase = Math.max(1, Math.round(fps));
	const ntsc = Math.abs(fps - timebase) > 0.001 && Math.abs(fps - (timebase * 1000) / 1001) < 0.005;
	if (ntsc) return { fps, timebase, ntsc, frameDuration: { num: 1001, den: timebase * 1000 } };
	if (Number.isInteger(fps)) return { fps, timebase, ntsc, frameDuration: { num: 1, den: fps } };
	// Other fractional rates (e.g. 12.5): hundredths are exact enough for a timeline.
	return { fps, timebase, ntsc, frameDuration: { num: 100, den: Math.round(fps * 100) } };
}

export function toFrames(seconds: number, rate: FrameRate): number {
	return Math.round((seconds * rate.frameDuration.den) / rate.frameDuration.num);
}

/** FCPXML time value for a number of frames, e.g. "2002/24000s". */
export function fcpxmlTime(frames: number, rate: FrameRate): string {
	return frames === 0 ? '0s' : `${frames * rate.frameDuration.num}/${rate.frameDuration.den}s`;
}

export function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
