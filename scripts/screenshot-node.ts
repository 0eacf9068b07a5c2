/**
 * Screenshots of the Roughy nodes in a real n8n editor, for the README:
 * docs/roughy-node.png (the "Upload to Roughy" node of the upload example,
 * its panel open on Resource / Operation) and docs/roughy-trigger.png (the
 * Roughy Trigger of the render-completed example).
 *
 *   npx tsx scripts/screenshot-node.ts [--out-dir=docs]
 *
 * Sets up what `npm run demo` does (packed package in n8n, emulator with the
 * demo project, the examples imported), signs in with Debian's Chromium
 * (scripts/browser-screenshot.ts) and stops everything afterwards. About a
 * minute with the runtime in place; N8N_E2E_SKIP_BUILD=1 skips the build.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

import { startEmulator } from '../emulator';
import {
	bindToAccount,
	createExampleCredential,
	importExample,
	readExample,
	seedDemoAccount,
	serveSampleVideo,
	TRIGGER_EXAMPLE,
	UPLOAD_EXAMPLE,
} from '../test/e2e/examples';
import { N8nInstance, packPackage } from '../test/e2e/n8n-process';
import { repoRoot } from '../test/e2e/runtime';
import { launchChromium, signInToN8n } from './browser-screenshot';

const VIEWPORT = { width: 1440, height: 900 };
const TIMEOUT_MS = 90_000;

interface Shot {
	file: string;
	example: string;
	node: string;
}

const SHOTS: Shot[] = [
	{ file: 'roughy-node.png', example: UPLOAD_EXAMPLE.file, node: UPLOAD_EXAMPLE.upload },
	{ file: 'roughy-trigger.png', example: TRIGGER_EXAMPLE.file, node: TRIGGER_EXAMPLE.trigger },
];

/** Opens a workflow in the editor, then the named node's panel, and waits until its parameters show. */
async function openNodePanel(page: Page, workflowUrl: string, nodeName: string): Promise<void> {
	await page.goto(workflowUrl, { waitUntil: 'networkidle', timeout: TIMEOUT_MS });
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await node.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
	await node.dblclick();
	// n8n marks its elements with data-test-id (Playwright's getByTestId looks for data-testid).
	await page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]').waitFor({ state: 'visible', timeout: TIMEOUT_MS });
	// Resource locators ("From list") and credentials load after the panel opens.
	await page.waitForLoadState('networkidle', { timeout: TIMEOUT_MS });
	await page.waitForTimeout(1_000);
}

async function main(): Promise<void> {
	const outDir = path.resolve(
		repoRoot,
		process.argv.find((arg) => arg.startsWith('--out-dir='))?.split('=')[1] ?? 'docs',
	);
	mkdirSync(outDir, { recursive: true });

	const tarball = await packPackage();
	const [n8n, emulator, video] = await Promise.all([
		N8nInstance.start({ packageTarball: tarball }),
		startEmulator(),
		serveSampleVideo(),
	]);
	const chromium = await launchChromium().catch(async (error: Error) => {
		await Promise.all([n8n.stop(), emulator.close(), video.close()]);
		throw error;
	});
	try {
		const account = seedDemoAccount(emulator.control);
		await createExampleCredential(n8n, emulator);
		const context = await chromium.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
		const page = await context.newPage();
		await signInToN8n(page, n8n.baseUrl, n8n.owner);
		for (const shot of SHOTS) {
			const workflow = bindToAccount(readExample(shot.example), { project: account.project, videoUrl: video.url });
			const { id } = await importExample(n8n, workflow);
			await openNodePanel(page, `${n8n.baseUrl}/workflow/${id}`, shot.node);
			const file = path.join(outDir, shot.file);
			await page.screenshot({ path: file });
			console.log(`saved ${path.relative(repoRoot, file)}`);
		}
	} finally {
		await chromium.close();
		await Promise.all([n8n.stop(), emulator.close(), video.close()]);
	}
}

main().catch((error: Error) => {
	console.error(`screenshot failed: ${error.message}`);
	process.exit(1);
});
