import type { KeptSegment } from './cut-plan';

/** Caption cues on the cut's own timeline: each kept span starts where the previous one ended. */
interface Cue {
	start: number;
	end: number;
	lines: string[];
}

const MAX_LINE_CHARS = 42;

function wrap(text: string): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > MAX_LINE_CHARS) {
			lines.push(line);
			line = word;
		} else {
			line = line ? `${line} ${word}` : word;
		}
	}
	if (line) lines.push(line);
	return lines.length > 0 ? lines : ['…'];
}

function cues(segments: KeptSegment[]): Cue[] {
	let at = 0;
	return segments.map((segment) => {
		const length = segment.end - segment.start;
		const cue = { start: at, end: at + length, lines: wrap(segment.text) };
		at += length;
		return cue;
	});
}

function clock(seconds: number, separator: ',' | '.'): string {
	const ms = Math.round(seconds * 1000);
	const pad = (value: number, width = 2) => String(value).padStart(width, '0');
	return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

export function srtCaptions(segments: KeptSegment[]): string {
	return cues(segments)
		.map((cue, index) => `${index + 1}\n${clock(cue.start, ',')} --> ${clock(cue.end, ',')}\n${cue.lines.join('\n')}\n`)
		.join('\n');
}

/** WebVTT cue text is markup: &, < and > must be escaped (SRT has no such rule). */
function escapeVtt(line: string): string {
	return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function vttCaptions(segments: KeptSegment[]): string {
	const body = cues(segments)
		.map((cue) => `${clock(cue.start, '.')} --> ${clock(cue.end, '.')}\n${cue.lines.map(escapeVtt).join('\n')}\n`)
		.join('\n');
	return `WEBVTT\n\n${body}`;
}
