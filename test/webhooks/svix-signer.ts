import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { randomBytes } from 'crypto';
import * as path from 'path';
import { createInterface } from 'readline';

/**
 * Signatures made by the official `svix` library, so our verifier is tested
 * against the real thing rather than against itself. svix is ESM-only, which
 * jest's CommonJS runtime can't load, so it runs in one child Node process
 * per test file that answers a line of JSON per request.
 */

export interface SvixMessage {
	secret: string;
	id: string;
	/** Unix seconds the message is signed at. */
	timestamp: number;
	payload: string;
}

const SIGNER = `
import { Webhook } from 'svix';
import { createInterface } from 'readline';
for await (const line of createInterface({ input: process.stdin })) {
	const { secret, id, timestamp, payload } = JSON.parse(line);
	process.stdout.write(JSON.stringify(new Webhook(secret).sign(id, new Date(timestamp * 1000), payload)) + '\\n');
}
`;

const REPOSITORY_ROOT = path.resolve(__dirname, '../..');

let signer: { child: ChildProcessWithoutNullStreams; waiting: Array<(line: string) => void> } | undefined;

function startSigner() {
	const child = spawn(process.execPath, ['--input-type=module', '-e', SIGNER], { cwd: REPOSITORY_ROOT });
	const waiting: Array<(line: string) => void> = [];
	createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
	child.stderr.on('data', (data: Buffer) => process.stderr.write(data));
	signer = { child, waiting };
	return signer;
}

/** `v1,<base64>` for the message, from svix's Webhook.sign. */
export async function signWithSvix(message: SvixMessage): Promise<string> {
	const { child, waiting } = signer ?? startSigner();
	const line = await new Promise<string>((resolve) => {
		waiting.push(resolve);
		child.stdin.write(`${JSON.stringify(message)}\n`);
	});
	return JSON.parse(line) as string;
}

/** Ends the signer process; call in afterAll. */
export function stopSvixSigner(): void {
	signer?.child.stdin.end();
	signer?.child.kill();
	signer = undefined;
}

/** A fresh Svix-style secret for one test: `whsec_` + base64 of 24 random bytes. */
export function newSvixSecret(): string {
	return `whsec_${randomBytes(24).toString('base64')}`;
}

export function newMessageId(): string {
	return `msg_${randomBytes(12).toString('hex')}`;
}

export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}
