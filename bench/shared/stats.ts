import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function flag(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function sha256OfFile(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** A contender process prints one `RESULT {json}` line; the orchestrator reads it back. */
export function reportResult(result: object) {
	process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export function parseResult<T>(output: string): T {
	const line = output.split('\n').find((text) => text.startsWith('RESULT '));
	if (!line) throw new Error(`no RESULT line in:\n${output.slice(-4000)}`);
	return JSON.parse(line.slice('RESULT '.length)) as T;
}
