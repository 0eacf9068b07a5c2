import type { KeptSegment } from './cut-plan';
import type { FrameRate } from './frame-rate';

/** What a timeline export needs to know about the cut and its source. */
export interface TimelineSource {
	cutId: string;
	assetId: string;
	/** File name the editor will look for, e.g. "<asset id>.mp4". */
	fileName: string;
	hasVideo: boolean;
	sourceSeconds: number;
	segments: KeptSegment[];
	rate: FrameRate;
}
