/**
 * Bad-input catalogue: one row per mistake a workflow builder (or an
 * expression, or a proxy in front of Roughy) can make. Each row says the
 * error the user sees — what is wrong, on which item, how to fix it — and
 * how many requests reached Roughy: 0 wherever the node can tell before
 * sending, so nothing is created or charged for a bad input.
 *
 * Mistakes already specified next to their operation are not repeated
 * here; RELIABILITY.md lists them with this table (missing or misnamed
 * binary field, 63-byte file, MIME type vs bytes, text file, chunk size,
 * language and resume id: asset/create/bad-input.test.ts; script over
 * 100 000 characters and export frame rate: cut.test.ts; render options
 * that do not fit the format: render.test.ts; ids typed "By ID" or from
 * expressions: project.test.ts, read.test.ts; dates: read.test.ts; a wrong
 * API key: user.test.ts, credits.test.ts; empty project name:
 * project.test.ts; empty output field: download.test.ts).
 */
import type { INodeParameters } from 'n8n-workflow';

import { startEmulator, type FaultRule, type RunningEmulator } from '../../emulator';
import { fakeMp4 } from '../fixtures/media';
import { binaryFromBuffer, runRoughyNode, type TestItem } from '../harness';
import { accountOf, nothingTwice } from './invariants';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ timing: 'manual' });
});
afterAll(async () => await emu.close());

/** Entities every row may refer to, seeded fresh for each row. */
interface World {
	project: string;
	asset: string;
	cut: string;
	render: string;
	url: string;
}

interface BadInput {
	parameters: (world: World) => INodeParameters;
	input?: (world: World) => TestItem[];
	baseUrl?: (world: World) => string;
	apiKey?: string;
	fault?: FaultRule;
	/** The error's message: what is wrong. */
	message: string | RegExp | ((world: World) => string);
	/** The error's description: how to fix it. */
	fix: RegExp;
	/** The item the error names. Default 0; null for an error about the node, not an item. */
	item?: number | null;
	/** Requests that reached Roughy. 0: refused before anything was sent. */
	sent: number;
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const assetGet = (id: string) => ({ resource: 'asset', operation: 'get', assetId: byId(id) });
const assetCreate = (w: World, extra: INodeParameters = {}) => ({
	resource: 'asset',
	operation: 'create',
	projectId: byId(w.project),
	binaryPropertyName: 'data',
	...extra,
});
const cutCreate = (w: World, extra: INodeParameters = {}) => ({ resource: 'cut', operation: 'create', assetId: byId(w.asset), ...extra });
const renderCreate = (w: World, extra: INodeParameters = {}) => ({
	resource: 'render',
	operation: 'create',
	assetId: byId(w.asset),
	outputFormat: 'mp4',
	...extra,
});
const withFile = (bytes: Buffer, fileName = 'take-1.mp4', mimeType = 'video/mp4') => () => [
	{ json: {}, binary: { data: binaryFromBuffer(bytes, fileName, mimeType) } },
];
const text = (content: string) => Buffer.from(content.padEnd(4096, ' '));

const UUID_FIX = /Roughy .* IDs are UUIDs such as 019de7f7-3a52-74d1-9eeb-323e0bfb7bb9/;

const CASES: Record<string, BadInput> = {
	// Ids
	'empty asset ID from an expression': {
		parameters: () => assetGet('={{ $json.missing }}'),
		message: 'No asset given',
		fix: /Choose an asset from the list or enter its ID/,
		sent: 0,
	},
	'cut ID with a path in it': {
		parameters: () => ({ resource: 'cut', operation: 'get', cutId: byId('={{ "../assets" }}') }),
		message: '"../assets" is not a valid cut ID',
		fix: UUID_FIX,
		sent: 0,
	},
	"a cut's ID given as the asset (wrong resource)": {
		parameters: (w) => assetGet(w.cut),
		message: (w) => `Roughy could not find that resource (asset ${w.cut})`,
		fix: /Check the ID/,
		sent: 1,
	},
	"an asset's ID given as the render (wrong resource)": {
		parameters: (w) => ({ resource: 'render', operation: 'get', renderId: byId(w.asset) }),
		message: (w) => `Roughy could not find that resource (render ${w.asset})`,
		fix: /Check the ID/,
		sent: 1,
	},
	"a project's ID given as the asset to cut (wrong resource): no cut": {
		parameters: (w) => ({ resource: 'cut', operation: 'create', assetId: byId(w.project) }),
		message: (w) => `Roughy could not find that resource (asset ${w.project})`,
		fix: /Check the ID/,
		sent: 1,
	},
	'a bad ID on the third item: the first two are answered, the error names item 2': {
		parameters: () => assetGet('={{ $json.id }}'),
		input: (w) => [{ json: { id: w.asset } }, { json: { id: w.asset } }, { json: { id: 'not-a-uuid' } }],
		message: '"not-a-uuid" is not a valid asset ID',
		fix: UUID_FIX,
		item: 2,
		sent: 2,
	},

	// The file to upload
	'empty Input Binary Field': {
		parameters: (w) => assetCreate(w, { binaryPropertyName: '  ' }),
		input: withFile(fakeMp4(4096)),
		message: 'No input binary field given',
		fix: /Set "Input Binary Field" to the name of the field holding the file/,
		sent: 0,
	},
	'empty file': {
		parameters: (w) => assetCreate(w),
		input: withFile(Buffer.alloc(0)),
		message: 'The file in "data" (take-1.mp4) of item 0 is too small to be audio or video (0 bytes)',
		fix: /Roughy needs at least 64 bytes/,
		sent: 0,
	},
	'a PDF named .mp4': {
		parameters: (w) => assetCreate(w),
		input: withFile(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x20)])),
		message: 'The file in "data" (take-1.mp4) of item 0 is not audio or video',
		fix: /look like a PDF document\. Roughy needs an audio or video file/,
		sent: 0,
	},
	'an HTML error page saved as the file': {
		parameters: (w) => assetCreate(w),
		input: withFile(text('<!DOCTYPE html><html><body>403 Forbidden</body></html>')),
		message: 'The file in "data" (take-1.mp4) of item 0 is not audio or video',
		fix: /look like an HTML page\./,
		sent: 0,
	},
	'JSON saved as the file': {
		parameters: (w) => assetCreate(w),
		input: withFile(text('{"error":"not found"}')),
		message: 'The file in "data" (take-1.mp4) of item 0 is not audio or video',
		fix: /look like JSON text\. Roughy needs an audio or video file/,
		sent: 0,
	},

	// Timeouts
	'negative wait timeout': {
		parameters: (w) => assetCreate(w, { waitForCompletion: true, waitOptions: { timeoutMinutes: -5 } }),
		input: withFile(fakeMp4(4096)),
		message: 'Timeout of -5 minutes is out of range',
		fix: /between 1 and 720 \(12 hours\)/,
		sent: 0,
	},
	'absurd wait timeout (a billion minutes)': {
		parameters: (w) => cutCreate(w, { waitForCompletion: true, waitOptions: { timeoutMinutes: 1e9 } }),
		message: 'Timeout of 1000000000 minutes is out of range',
		fix: /between 1 and 720/,
		sent: 0,
	},
	'wait timeout that is not a number': {
		parameters: (w) => renderCreate(w, { waitForCompletion: true, waitOptions: { timeoutMinutes: '={{ "soon" }}' } }),
		message: 'Timeout of soon minutes is out of range',
		fix: /between 1 and 720/,
		sent: 0,
	},
	'checking every 0 seconds': {
		parameters: (w) => cutCreate(w, { waitForCompletion: true, waitOptions: { checkEverySeconds: 0 } }),
		message: 'Checking every 0 seconds is out of range',
		fix: /between 1 and 300/,
		sent: 0,
	},

	// Cuts and exports
	'unknown timeline format from an expression': {
		parameters: (w) => ({ resource: 'cut', operation: 'export', cutId: byId(w.cut), timelineFormat: '={{ "avid" }}' }),
		message: '"avid" is not a timeline format Roughy exports',
		fix: /Use one of: fcpxml, premiere, davinci/,
		sent: 0,
	},
	'unknown subtitle format from an expression': {
		parameters: (w) => ({ resource: 'cut', operation: 'exportSubtitles', cutId: byId(w.cut), subtitleFormat: '={{ "ass" }}' }),
		message: '"ass" is not a subtitle format Roughy exports',
		fix: /Use one of: srt, vtt/,
		sent: 0,
	},

	// Render options invalid for the format
	'render format Roughy does not make': {
		parameters: (w) => renderCreate(w, { outputFormat: '={{ "gif" }}' }),
		message: '"gif" is not an output format Roughy renders',
		fix: /Use one of: mp4, mov, m4a, mp3\. Nothing was sent to Roughy/,
		sent: 0,
	},
	'a video bitrate Roughy does not offer': {
		parameters: (w) => renderCreate(w, { videoBitrate: '={{ 7 }}' }),
		message: 'Video bitrate "7" is not one Roughy offers',
		fix: /Choose Auto or one of 5, 10, 20, 50 Mbps/,
		sent: 0,
	},
	'an 8K resolution': {
		parameters: (w) => renderCreate(w, { resolution: '={{ "8k" }}' }),
		message: 'Resolution "8k" is not one Roughy offers',
		fix: /"Same as Source" or one of 720p, 1080p, 4k/,
		sent: 0,
	},
	'a render of a cut ID that is not a UUID': {
		parameters: (w) => renderCreate(w, { cutId: byId('={{ "nope" }}') }),
		message: '"nope" is not a valid cut ID',
		fix: UUID_FIX,
		sent: 0,
	},

	// Other operations
	'a 300-character project name': {
		parameters: () => ({ resource: 'project', operation: 'create', name: 'n'.repeat(300) }),
		message: 'The project name is 300 characters long',
		fix: /a name of 1 to 256 characters/,
		sent: 0,
	},
	'"Older Than (Days)" negative': {
		parameters: () => ({ resource: 'asset', operation: 'getMany', filters: { olderThanDays: -3 } }),
		message: 'Older than -3 days is not usable',
		fix: /zero or a positive number of days/,
		sent: 0,
	},
	'an operation the node does not have (an old workflow, a typo in JSON)': {
		parameters: () => ({ resource: 'asset', operation: 'explode' }),
		message: 'The operation "explode" of "asset" is not supported by this node',
		fix: /use the HTTP Request node with the "Roughy API" predefined credential/,
		item: null,
		sent: 0,
	},

	// The credential
	'Base URL without a scheme': {
		parameters: (w) => assetGet(w.asset),
		baseUrl: (w) => w.url.replace(/^http:\/\//, ''),
		message: /^The Roughy credential's Base URL "127\.0\.0\.1:\d+" has no scheme\. Use a full URL such as https:\/\/api\.roughy\.ai\.$/,
		fix: /Open the Roughy credential and correct the Base URL/,
		sent: 0,
	},
	'Base URL with a path': {
		parameters: (w) => assetGet(w.asset),
		baseUrl: (w) => `${w.url}/v1`,
		message: (w) => `The Roughy credential's Base URL must be the API host only, without a path: use ${w.url} instead of ${w.url}/v1.`,
		fix: /Open the Roughy credential and correct the Base URL/,
		sent: 0,
	},
	'Base URL with a user name and password': {
		parameters: (w) => assetGet(w.asset),
		baseUrl: (w) => w.url.replace('http://', 'http://me:secret@'),
		message: "The Roughy credential's Base URL must not contain a user name or password. Put the key in the API Key field.",
		fix: /correct the Base URL/,
		sent: 0,
	},
	'Base URL that is no URL': {
		parameters: (w) => assetGet(w.asset),
		baseUrl: () => 'http://',
		message: 'The Roughy credential\'s Base URL "http://" is not a valid URL. Use a full URL such as https://api.roughy.ai.',
		fix: /correct the Base URL/,
		sent: 0,
	},

	// What comes back through a proxy
	"a proxy's HTML 502 page instead of Roughy's JSON": {
		parameters: () => ({ resource: 'project', operation: 'create', name: 'Interviews' }),
		fault: { method: 'POST', path: '/v1/projects', htmlError: true },
		message: /^Roughy had an internal error/,
		fix: /An HTML page came back instead of Roughy's JSON \(HTTP 502\): a proxy, gateway or the wrong host answered/,
		sent: 1,
	},
	'an HTML 404 page from the wrong host': {
		parameters: (w) => assetGet(w.asset),
		fault: { method: 'GET', path: '/v1/assets/*', htmlError: true, status: 404 },
		message: (w) => `Roughy could not find that resource (asset ${w.asset})`,
		fix: /An HTML page came back instead of Roughy's JSON \(HTTP 404\)/,
		sent: 1,
	},
	'an 8 MiB plain-text error body': {
		parameters: () => ({ resource: 'project', operation: 'create', name: 'Interviews' }),
		fault: { method: 'POST', path: '/v1/projects', hugeBody: true },
		message: /^Roughy had an internal error/,
		fix: /Roughy says: upstream said something very long and unhelpful; .{0,300}…\n/,
		sent: 1,
	},
	'a short plain-text 400 from a proxy': {
		parameters: () => ({ resource: 'project', operation: 'create', name: 'Interviews' }),
		fault: { method: 'POST', path: '/v1/projects', hugeBody: 120, status: 400 },
		message: 'Roughy answered with HTTP 400',
		fix: /Roughy says: upstream said something very long/,
		sent: 1,
	},
};

let world: World;
beforeEach(() => {
	emu.control.reset();
	const project = emu.control.createProject().id;
	const asset = emu.control.seedAsset({ project_id: project, format: 'mp4' }).id;
	const cut = emu.control.seedCut({ asset_id: asset, script: 'Hello' }).id;
	const render = emu.control.seedRender({ asset_id: asset }).id;
	world = { project, asset, cut, render, url: emu.url };
});

it(`the catalogue has at least 30 cases (${Object.keys(CASES).length})`, () => {
	expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(30);
});

it.each(Object.entries(CASES))('%s', async (_name, row) => {
	if (row.fault) emu.faults.add(row.fault);
	const before = accountOf(emu);

	const { error, items } = await runRoughyNode({
		parameters: row.parameters(world),
		credentials: { baseUrl: row.baseUrl?.(world) ?? emu.url, apiKey: row.apiKey ?? emu.apiKey },
		input: row.input?.(world),
	});

	const message = typeof row.message === 'function' ? row.message(world) : row.message;
	expect(items).toHaveLength(0);
	if (typeof message === 'string') expect(error?.message).toBe(message);
	else expect(error?.message).toMatch(message);
	expect(error?.description).toMatch(row.fix);
	expect(error?.description?.length ?? 0).toBeLessThan(2000);
	expect(error?.context?.itemIndex).toBe(row.item === null ? undefined : (row.item ?? 0));
	expect(emu.requests.filter((request) => request.surface === 'api')).toHaveLength(row.sent);
	// Nothing was created, changed or charged.
	expect(accountOf(emu)).toEqual(before);
	expect(before).toEqual(nothingTwice({ assets: 1, cuts: 1, renders: 1 }));
});
