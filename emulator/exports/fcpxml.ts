import { escapeXml, fcpxmlTime, toFrames } from './frame-rate';
import type { TimelineSource } from './timeline-source';

/** Final Cut Pro X timeline (FCPXML 1.10): one asset-clip per kept span, back to back on the spine. */
export function fcpxmlTimeline(source: TimelineSource): string {
	const { rate } = source;
	const format = source.hasVideo
		? `<format id="r1" name="FFVideoFormat1080p${rate.timebase}" frameDuration="${fcpxmlTime(1, rate)}" width="1920" height="1080"/>`
		: `<format id="r1" frameDuration="${fcpxmlTime(1, rate)}"/>`;
	let offset = 0;
	const clips = source.segments.map((segment, index) => {
		const start = toFrames(segment.start, rate);
		const length = Math.max(1, toFrames(segment.end, rate) - start);
		const clip = `        <asset-clip ref="r2" name="Segment ${index + 1}" offset="${fcpxmlTime(offset, rate)}" start="${fcpxmlTime(start, rate)}" duration="${fcpxmlTime(length, rate)}"/>`;
		offset += length;
		return clip;
	});
	const sourceFrames = toFrames(source.sourceSeconds, rate);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<!DOCTYPE fcpxml>',
		'<fcpxml version="1.10">',
		'  <resources>',
		`    ${format}`,
		`    <asset id="r2" name="${escapeXml(source.fileName)}" start="0s" duration="${fcpxmlTime(sourceFrames, rate)}" hasVideo="${source.hasVideo ? 1 : 0}" hasAudio="1" format="r1">`,
		`      <media-rep kind="original-media" src="file:///Roughy/${escapeXml(source.fileName)}"/>`,
		'    </asset>',
		'  </resources>',
		'  <library>',
		'    <event name="Roughy">',
		`      <project name="Roughy cut ${source.cutId}">`,
		`        <sequence format="r1" duration="${fcpxmlTime(offset, rate)}" tcStart="0s" tcFormat="${rate.ntsc ? 'DF' : 'NDF'}">`,
		'          <spine>',
		...clips.map((clip) => `    ${clip}`),
		'          </spine>',
		'        </sequence>',
		'      </project>',
		'    </event>',
		'  </library>',
		'</fcpxml>',
		'',
	].join('\n');
}
