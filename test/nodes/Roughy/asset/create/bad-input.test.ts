import { writeFileSync } from 'node:fs';
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../../../emulator';
import { fakeMp4, notMedia } from '../../../../fixtures/media';
import {
	binaryFromBuffer,
	manualTriggerNode,
	registerNodeType,
	roughyNode,
	runWorkflow,
	type BinaryMode,
} from '../../../../harness';
import { getHarnessServices } from '../../../../harness/services';
import { ASSET_CREATES, mp4File, requestsTo, runCreate, UPLOADS } from './run-create';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => await emu.close());
beforeEach(() => emu.control.reset());

/** Nothing reached Roughy that could create or charge anything. */
function expectNothingCreated() {
	expect(requestsTo(emu, 'POST', ASSET_CREATES)).toEqual([]);
	expect(requestsTo(emu, 'PATCH', UPLOADS)).toEqual([]);
	expect(emu.control.snapshot().assets).toEqual([]);
}

describe.each<BinaryMode>(['filesystem', 'inline'])('in %s binary mode', (binaryMode) => {
	it('names the item and the field when the item has no binary data', async () => {
		const projectId = emu.control.createProject().id;

		const { error } = await runCreate({ emu, projectId, binaryMode });

		expect(error?.message).toBe('Item 0 has no binary field "data"');
		expect(error?.description).toMatch(/no binary data at all/);
		expect(error?.context?.itemIndex).toBe(0);
		expectNothingCreated();
	});

	it('lists the binary fields the item does have', async () => {
		const projectId = emu.control.createProject().id;

		const { error } = await runCreate({
			emu,
			projectId,
			binaryMode,
			input: [{ json: {}, binary: { recording: mp4File(fakeMp4(1000)) } }],
		});

		expect(error?.message).toBe('Item 0 has no binary field "data"');
		expect(error?.description).toMatch(/binary data in "recording"\. Set "Input Binary Field"/);
		expectNothingCreated();
	});

	it('refuses a file under 64 bytes', async () => {
		const projectId = emu.control.createProject().id;

		const { error } = await runCreate({ emu, projectId, binaryMode, file: mp4File(fakeMp4(63), 'tiny.mp4') });

		expect(error?.message).toBe('The file in "data" (tiny.mp4) of item 0 is too small to be audio or video (63 bytes)');
		expect(error?.description).toMatch(/at least 64 bytes/);
		expectNothingCreated();
	});

	it('goes by the bytes, not the MIME type, and says what the file looks like', async () => {
		const projectId = emu.control.createProject().id;

		const { error } = await runCreate({
			emu,
			projectId,
			binaryMode,
			file: binaryFromBuffer(notMedia(5000), 'holiday.mp4', 'video/mp4'),
		});

		expect(error?.message).toBe('The file in "data" (holiday.mp4) of item 0 is not audio or video');
		expect(error?.description).toMatch(/look like a PNG image/);
		expect(error?.description).toMatch(/MIME type says "video\/mp4"/);
		expectNothingCreated();
	});

	it('refuses a text file', async () => {
		const projectId = emu.control.createProject().id;

		const { error } = await runCreate({
			emu,
			projectId,
			binaryMode,
			input: [
				{ json: {}, binary: { data: binaryFromBuffer(Buffer.from('a'.repeat(100)), 'notes.txt', 'text/plain') } },
			],
		});

		expect(error?.message).toBe('The file in "data" (notes.txt) of item 0 is not audio or video');
		expect(error?.description).toMatch(/look like text/);
		expectNothingCreated();
	});
});

it('names the failing item when several come in', async () => {
	const projectId = emu.control.createProject().id;

	const { error, items } = await runCreate({
		emu,
		projectId,
		continueOnFail: true,
		input: [
			{ json: {}, binary: { data: mp4File(fakeMp4(500)) } },
			{ json: {}, binary: { data: binaryFromBuffer(notMedia(500), 'x.mp4', 'video/mp4') } },
		],
	});

	expect(error).toBeUndefined();
	expect(items[0].json.upload).toBeDefined();
	expect(items[1].json.error).toBe('The file in "data" (x.mp4) of item 1 is not audio or video');
	expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
});

describe('options', () => {
	it.each([
		['a language that is not a two-letter code', { language: 'english' }, /"english" is not a two-letter language code/],
		['a chunk size above the limit', { chunkSizeMiB: 1000 }, /chunk size of 1000 MiB is out of range/],
		['a chunk size of zero', { chunkSizeMiB: 0 }, /chunk size of 0 MiB is out of range/],
		['a resume asset id that is not an id', { resumeAssetId: 'yesterday' }, /"yesterday" is not a valid asset ID/],
	])('refuses %s before anything is sent', async (_case, options, message) => {
		const projectId = emu.control.createProject().id;

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(1000)), options });

		expect(error?.message).toMatch(message);
		expectNothingCreated();
	});

	it('refuses a project id from an expression that is not an id', async () => {
		const { error } = await runCreate({ emu, projectId: '={{ "my project" }}', file: mp4File(fakeMp4(1000)) });

		expect(error?.message).toBe('"my project" is not a valid project ID');
		expectNothingCreated();
	});

	it('refuses to resume an asset that failed', async () => {
		const projectId = emu.control.createProject().id;
		const failed = emu.control.seedAsset({ project_id: projectId, state: 'failed' });

		const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(1000)), options: { resumeAssetId: failed.id } });

		expect(error?.message).toBe(`Asset ${failed.id} failed, so its upload cannot be resumed`);
		expect(requestsTo(emu, 'POST', ASSET_CREATES)).toEqual([]);
		expect(requestsTo(emu, 'PATCH', UPLOADS)).toEqual([]);
	});
});

it('tells the user to top up when the account has no credits, and uploads nothing', async () => {
	const projectId = emu.control.createProject().id;
	emu.control.setBalance(0);

	const { error } = await runCreate({ emu, projectId, file: mp4File(fakeMp4(1000)) });

	expect(error?.message).toMatch(/no credits left/);
	expect(error?.description).toMatch(/Nothing was uploaded or charged/);
	expect(requestsTo(emu, 'POST', ASSET_CREATES)).toHaveLength(1);
	expect(requestsTo(emu, 'PATCH', UPLOADS)).toEqual([]);
	expect(emu.control.snapshot().assets).toEqual([]);
});

describe('a file over 50 GiB', () => {
	const CLAIMS_HUGE_SIZE = 'test.claimsHugeSize';

	/**
	 * Stands in for a node that produced a 50 GiB + 1 byte file: it passes its
	 * input on, with n8n's stored metadata for the file rewritten to that
	 * size (writing 50 GiB in a test is not an option).
	 */
	class ClaimsHugeSize implements INodeType {
		description: INodeTypeDescription = {
			displayName: 'Claims huge size',
			name: 'claimsHugeSize',
			group: ['transform'],
			version: 1,
			description: 'Test stand-in',
			defaults: { name: 'Claims huge size' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		};

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			const { binaryData } = await getHarnessServices();
			for (const item of items) {
				const id = item.binary!.data.id!;
				const metadata = await binaryData.getMetadata(id);
				writeFileSync(`${binaryData.getPath(id)}.metadata`, JSON.stringify({ ...metadata, fileSize: 50 * 1024 ** 3 + 1 }));
			}
			return [items];
		}
	}

	it('is refused before an asset is created', async () => {
		registerNodeType(CLAIMS_HUGE_SIZE, new ClaimsHugeSize());
		const projectId = emu.control.createProject().id;
		const trigger = manualTriggerNode();
		const claims = { id: 'claims', name: 'Claims huge size', type: CLAIMS_HUGE_SIZE, typeVersion: 1, position: [100, 0] as [number, number], parameters: {} };
		const roughy = roughyNode({
			resource: 'asset',
			operation: 'create',
			projectId: { __rl: true, mode: 'id', value: projectId },
		});
		const main = NodeConnectionTypes.Main;

		const run = await runWorkflow({
			nodes: [trigger, claims, roughy],
			connections: {
				[trigger.name]: { [main]: [[{ node: claims.name, type: main, index: 0 }]] },
				[claims.name]: { [main]: [[{ node: roughy.name, type: main, index: 0 }]] },
			},
			credentials: { baseUrl: emu.url, apiKey: emu.apiKey },
			binaryMode: 'filesystem',
			pinData: { [trigger.name]: [{ json: {}, binary: { data: mp4File(fakeMp4(1000), 'long-take.mp4') } }] },
		});

		expect(run.error?.message).toBe('The file in "data" (long-take.mp4) of item 0 is too large for Roughy (50.0 GiB)');
		expect(run.error?.description).toMatch(/up to 50 GiB/);
		expectNothingCreated();
	});
});
