/**
 * The workflows in examples/, as `npm run demo` and the e2e tests import
 * them into a real n8n, and the Roughy account (in the emulator) they run
 * against. One place, so the demo shows exactly what the tests check.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

import type { EmulatorControl } from '../../emulator';
import { sampleMediaStream } from '../../emulator/media/sample-bytes';
import type { N8nInstance, WorkflowInput } from './n8n-process';
import { repoRoot } from './runtime';

export const EXAMPLES_DIR = path.join(repoRoot, 'examples');
/** The credential name every example refers to (no id: n8n resolves it by name on import). */
export const CREDENTIAL_NAME = 'Roughy account';

export interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string | null; name: string }>;
	[key: string]: unknown;
}

export interface ExampleWorkflow extends WorkflowInput {
	nodes: ExampleNode[];
}

/** Node names in the examples that the demo and the tests refer to. */
export const UPLOAD_EXAMPLE = {
	file: 'upload-cut-render.json',
	trigger: 'When clicking ‘Execute workflow’',
	download: 'Download the video',
	upload: 'Upload to Roughy',
	cut: 'Cut with script',
	subtitles: 'Export subtitles (SRT)',
	timeline: 'Export timeline (Premiere Pro)',
	render: 'Render mp4',
	renderDownload: 'Download render',
} as const;

export const CLEANUP_EXAMPLE = {
	file: 'scheduled-cleanup.json',
	trigger: 'Every day at 3am',
	delete: 'Delete assets',
	summary: 'Run summary',
} as const;

export const TRIGGER_EXAMPLE = {
	file: 'render-completed-trigger.json',
	trigger: 'Render completed',
	download: 'Download render',
} as const;

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

export function readExample(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;
}

export interface DemoAccount {
	project: { id: string; name: string };
	/** Where the upload example downloads its video from (a loopback server, see serveSampleVideo). */
	videoUrl: string;
}

/**
 * The example with the two things a user fills in after importing: the
 * project of "Upload to Roughy" (an empty "From list" pick) and the URL of
 * "Download the video". Everything else is imported as it is in the file.
 */
export function bindToAccount(workflow: ExampleWorkflow, account: DemoAccount): ExampleWorkflow {
	const nodes = workflow.nodes.map((node) => {
		const parameters = { ...node.parameters };
		const project = parameters.projectId as { value?: unknown } | undefined;
		if (node.type === 'n8n-nodes-roughy.roughy' && project && project.value === '') {
			parameters.projectId = { __rl: true, mode: 'list', value: account.project.id, cachedResultName: account.project.name };
		}
		if (node.name === UPLOAD_EXAMPLE.download && node.type === 'n8n-nodes-base.httpRequest') {
			parameters.url = account.videoUrl;
		}
		return { ...node, parameters };
	});
	return { ...workflow, nodes };
}

/** The credential every example refers to by name ("Roughy account"), pointing at an emulator. */
export async function createExampleCredential(
	n8n: N8nInstance,
	emulator: { apiKey: string; url: string },
): Promise<{ id: string }> {
	return await n8n.createCredential({
		name: CREDENTIAL_NAME,
		type: 'roughyApi',
		data: { apiKey: emulator.apiKey, baseUrl: emulator.url },
	});
}

/** Creates the workflow in n8n; its "Roughy account" references resolve to the credential of that name. */
export async function importExample(n8n: N8nInstance, workflow: ExampleWorkflow): Promise<{ id: string }> {
	const nodes = workflow.nodes.map((node) => {
		const imported = { ...node };
		// n8n resolves a credential by name only when the reference's id is null (not missing).
		if (node.credentials) {
			imported.credentials = Object.fromEntries(
				Object.entries(node.credentials).map(([type, ref]) => [type, { id: ref.id ?? null, name: ref.name }]),
			);
		}
		// The editor gives every webhook node a fresh webhookId on import; n8n 1.x's
		// public API does not, and 1.x then serves the node's URL under its
		// percent-encoded name, which no request matches when the name has a space.
		if (node.type === 'n8n-nodes-roughy.roughyTrigger' && typeof node.webhookId !== 'string') imported.webhookId = randomUUID();
		return imported;
	});
	return await n8n.createWorkflow({ ...workflow, nodes });
}

/** Size of the sample video: 24 s in the emulator's reckoning (1 MB per second of mp4), so 1 credit. */
export const SAMPLE_VIDEO_BYTES = 24_000_000;
const SAMPLE_VIDEO_SEED = 'roughy-demo-interview';

/**
 * Serves a sample "interview.mp4" (an MP4 header, then deterministic filler:
 * what the emulator sniffs and counts) on a free loopback port, standing in
 * for wherever a user's recordings live.
 */
export async function serveSampleVideo(): Promise<{ url: string; close: () => Promise<void> }> {
	const server: Server = createServer((request, response) => {
		if (request.url !== '/interview.mp4' || (request.method !== 'GET' && request.method !== 'HEAD')) {
			response.writeHead(404).end();
			return;
		}
		response.writeHead(200, {
			'content-type': 'video/mp4',
			'content-length': SAMPLE_VIDEO_BYTES,
			'content-disposition': 'attachment; filename="interview.mp4"',
		});
		if (request.method === 'HEAD') response.end();
		else sampleMediaStream('mp4', SAMPLE_VIDEO_BYTES, SAMPLE_VIDEO_SEED).pipe(response);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/interview.mp4`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export interface SeededDemoAccount {
	project: { id: string; name: string };
	/** Assets the cleanup example should delete (failed, or older than 90 days). */
	cleanupTargets: string[];
	/** Assets it must leave alone. */
	kept: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A project with a little history, so the examples have something to work
 * on: recent ready assets (kept), two failed uploads and two assets older
 * than 90 days, one with a cut and a render (what the cleanup removes).
 */
export function seedDemoAccount(control: EmulatorControl, now = Date.now()): SeededDemoAccount {
	const name = 'Demo project';
	const project = control.createProject({ name });
	const daysAgo = (days: number) => new Date(now - days * DAY_MS).toISOString();
	const seed = (input: Parameters<EmulatorControl['seedAsset']>[0]) => control.seedAsset({ project_id: project.id, ...input });

	const recent = seed({ format: 'mp4', size_bytes: 90_000_000, created_at: daysAgo(3), language: 'en' });
	control.seedCut({ asset_id: recent.id, script: 'A short intro for the launch video.', created_at: daysAgo(3) });
	const recentAudio = seed({ format: 'mp3', created_at: daysAgo(10), language: 'en' });

	const failed = [
		seed({ format: 'mp4', state: 'failed', created_at: daysAgo(2) }),
		seed({ format: 'mp3', state: 'failed', created_at: daysAgo(20), error_code: 'processing_failed' }),
	];
	const oldVideo = seed({ format: 'mp4', size_bytes: 120_000_000, created_at: daysAgo(120), language: 'en' });
	const oldCut = control.seedCut({ asset_id: oldVideo.id, created_at: daysAgo(119) });
	control.seedRender({ asset_id: oldVideo.id, cut_id: oldCut.id, output: { format: 'mp4' }, created_at: daysAgo(119) });
	const oldAudio = seed({ format: 'mp3', created_at: daysAgo(200) });

	return {
		project: { id: project.id, name },
		cleanupTargets: [...failed, oldVideo, oldAudio].map((asset) => asset.id),
		kept: [recent.id, recentAudio.id],
	};
}
