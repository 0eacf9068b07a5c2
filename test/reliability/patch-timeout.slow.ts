/**
 * The uploader's real idle timeout (120 s per TUS request), waited out once:
 * a PATCH whose answer never comes is abandoned, the offset read again with
 * HEAD, and the upload finished byte for byte, with one asset and one charge.
 *
 * It takes over two minutes, so it is not part of `npm test` (jest only
 * picks up *.test.ts); run it with
 *   npx jest --testMatch '**\/test/reliability/*.slow.ts'
 * The quick suite covers the two halves instead: a slow answer inside the
 * timeout is waited for (upload-faults.test.ts, "a slow PATCH answer"), and
 * an answer that never comes is resumed from the server's offset
 * ("PATCH answer lost after the chunk was stored").
 */
import { startEmulator, type RunningEmulator } from '../../emulator';
import { fakeMp4, sha256 } from '../fixtures/media';
import { binaryFromBuffer, runRoughyNode } from '../harness';
import { accountOf, nothingTwice, requestsTo, UPLOADS } from './invariants';

const MIB = 1024 * 1024;
const TUS_IDLE_TIMEOUT_MS = 120_000;

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => await emu.close());

it(
	'a PATCH that gets no answer for longer than the idle timeout is given up and the upload resumes from the server offset',
	async () => {
		const projectId = emu.control.createProject().id;
		const bytes = fakeMp4(3 * MIB + 17);
		emu.faults.add({ method: 'PATCH', path: '/v1/uploads/*', nth: 2, delay: TUS_IDLE_TIMEOUT_MS + 5_000 });

		const { items, error, logs } = await runRoughyNode({
			parameters: {
				resource: 'asset',
				operation: 'create',
				projectId: { __rl: true, mode: 'id', value: projectId },
				binaryPropertyName: 'data',
				options: { chunkSizeMiB: 1 },
			},
			credentials: { baseUrl: emu.url, apiKey: emu.apiKey },
			input: [{ json: {}, binary: { data: binaryFromBuffer(bytes, 'take.mp4', 'video/mp4') } }],
		});
		await emu.control.idle();

		expect(error).toBeUndefined();
		expect(emu.storedUpload(items[0].json.id as string).sha256).toBe(sha256(bytes));
		expect(items[0].json.upload).toMatchObject({ retries: 1, bytes_sent: bytes.length });
		expect(logs.some((log) => /interrupted at 1\.0 MiB \(Could not reach Roughy: the request timed out\)/.test(log.message))).toBe(true);
		expect(requestsTo(emu, 'PATCH', UPLOADS).filter((request) => request.headers['upload-offset'] === String(MIB))).toHaveLength(2);
		expect(accountOf(emu)).toEqual(nothingTwice({ assets: 1, charged: 1 }));
	},
	TUS_IDLE_TIMEOUT_MS + 60_000,
);
