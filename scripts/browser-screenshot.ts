/**
 * Opens a URL in Debian's Chromium (headless, through playwright-core) and
 * saves a PNG of the page.
 *
 *   npx tsx scripts/browser-screenshot.ts <url> <out.png> [--width=1440] [--height=900]
 *       [--wait-for=<css selector>] [--cookie=name=value] [--full-page]
 *
 * Chromium comes from apt (`apt-get install -y chromium`), never from
 * playwright's own download, which cannot reach its CDN here. Set
 * CHROMIUM_PATH to use another binary.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// No sandbox: we run as root in a container. The rest keeps Chromium from
// reaching out to Google services, which would only time out here.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-default-apps',
	'--no-first-run',
	'--no-default-browser-check',
	'--metrics-recording-only',
];

export interface ScreenshotOptions {
	width?: number;
	height?: number;
	/** A CSS selector that must be visible before the shot. */
	waitFor?: string;
	/** Cookies for the page's origin, e.g. n8n's `n8n-auth` session. */
	cookies?: Array<{ name: string; value: string }>;
	fullPage?: boolean;
	/** Signs in through n8n's /signin page first (the owner from the e2e launcher). */
	n8nSignIn?: { email: string; password: string };
	/** Called after load and before the shot, e.g. to click or fill something. */
	prepare?: (page: Page) => Promise<void>;
}

/**
 * Launches headless Chromium; close it with `close()`. Playwright's `launch`
 * always starts from a fresh temporary profile (it refuses --user-data-dir and
 * deletes the profile on close), so no state leaks between runs.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
	const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
	return { browser, close: async () => await browser.close() };
}

export async function takeScreenshot(url: string, outFile: string, options: ScreenshotOptions = {}): Promise<void> {
	const { browser, close } = await launchChromium();
	try {
		const context = await browser.newContext({
			viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
			deviceScaleFactor: 1,
		});
		if (options.cookies?.length) {
			await context.addCookies(options.cookies.map((cookie) => ({ ...cookie, url: new URL(url).origin })));
		}
		const page = await context.newPage();
		if (options.n8nSignIn) await signInToN8n(page, new URL(url).origin, options.n8nSignIn);
		await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
		if (options.waitFor) await page.waitForSelector(options.waitFor, { state: 'visible', timeout: 60_000 });
		if (options.prepare) await options.prepare(page);
		mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
		await page.screenshot({ path: outFile, fullPage: options.fullPage ?? false });
	} finally {
		await close();
	}
}

/**
 * Signs in the way a person does. A cookie copied from the API session would
 * not do: n8n binds it to the `browser-id` the frontend keeps in localStorage.
 */
export async function signInToN8n(page: Page, origin: string, login: { email: string; password: string }): Promise<void> {
	await page.goto(`${origin}/signin`, { waitUntil: 'networkidle', timeout: 60_000 });
	await page.getByLabel('Email').fill(login.email);
	await page.getByLabel('Password').fill(login.password);
	await Promise.all([
		page.waitForURL((target) => !target.pathname.startsWith('/signin'), { timeout: 60_000 }),
		page.getByRole('button', { name: 'Sign in' }).click(),
	]);
}

function parseArgs(argv: string[]): { url: string; out: string; options: ScreenshotOptions } {
	const positional = argv.filter((arg) => !arg.startsWith('--'));
	const flag = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
	const [url, out] = positional;
	if (!url || !out) {
		throw new Error('usage: tsx scripts/browser-screenshot.ts <url> <out.png> [--width=] [--height=] [--wait-for=] [--cookie=name=value] [--full-page]');
	}
	const cookie = flag('cookie');
	return {
		url,
		out,
		options: {
			width: flag('width') ? Number(flag('width')) : undefined,
			height: flag('height') ? Number(flag('height')) : undefined,
			waitFor: flag('wait-for'),
			fullPage: argv.includes('--full-page'),
			cookies: cookie
				? [{ name: cookie.slice(0, cookie.indexOf('=')), value: cookie.slice(cookie.indexOf('=') + 1) }]
				: undefined,
		},
	};
}

if (require.main === module) {
	const { url, out, options } = parseArgs(process.argv.slice(2));
	takeScreenshot(url, out, options).then(
		() => console.log(`saved ${out}`),
		(error: Error) => {
			console.error(`screenshot failed: ${error.message}`);
			process.exit(1);
		},
	);
}
