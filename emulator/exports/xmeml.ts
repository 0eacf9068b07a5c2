import { escapeXml, toFrames } from './frame-rate';
import type { TimelineSource } from './timeline-source';

/**
 * Final Cut Pro 7 XML (XMEML): version 4 is what Premiere Pro imports;
 * DaVinci Resolve writes and reads version 5. One clipitem per kept span on
 * each track; the source file is described once and referenced after.
 */
export function xmemlTimeline(source: TimelineSource, version: 4 | 5, product: string): string {
	const { rate } = source;
	const rateXml = `<rate><timebase>${rate.timebase}</timebase><ntsc>${rate.ntsc ? 'TRUE' : 'FALSE'}</ntsc></rate>`;
	const sourceFrames = toFrames(source.sourceSeconds, rate);
	const fileXml = [
		`<file id="file-1"><name>${escapeXml(source.fileName)}</name>`,
		`<pathurl>file://localhost/Roughy/${escapeXml(source.fileName)}</pathurl>`,
		`${rateXml}<duration>${sourceFrames}</duration>`,
		`<media>${source.hasVideo ? '<video/>' : ''}<audio/></media></file>`,
	].join('');

	const track = (kind: 'video' | 'audio') => {
		let timeline = 0;
		const items = source.segments.map((segment, index) => {
			const inFrame = toFrames(segment.start, rate);
			const length = Math.max(1, toFrames(segment.end, rate) - inFrame);
			const file = kind === 'video' || !source.hasVideo ? (index === 0 ? fileXml : '<file id="file-1"/>') : '<file id="file-1"/>';
			const item = [
				`<clipitem id="${kind}-clipitem-${index + 1}"><name>Segment ${index + 1}</name>`,
				`<duration>${sourceFrames}</duration>${rateXml}`,
				`<start>${timeline}</start><end>${timeline + length}</end><in>${inFrame}</in><out>${inFrame + length}</out>`,
				`${file}</clipitem>`,
			].join('');
			timeline += length;
			return `        ${item}`;
		});
		return { xml: [`    <${kind}>`, '      <track>', ...items, '      </track>', `    </${kind}>`].join('\n'), length: timeline };
	};

	const audio = track('audio');
	const video = source.hasVideo ? track('video') : null;
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<!DOCTYPE xmeml>',
		`<xmeml version="${version}">`,
		`<!-- Roughy cut ${source.cutId} for ${product} -->`,
		`<sequence id="sequence-1"><name>Roughy cut ${source.cutId}</name><duration>${audio.length}</duration>${rateXml}`,
		'  <media>',
		...(video ? [video.xml] : []),
		audio.xml,
		'  </media>',
		'</sequence>',
		'</xmeml>',
		'',
	].join('\n');
}
