import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');

interface PackageJson {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
}

const packageJson = JSON.parse(
	readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'),
) as PackageJson;

/** The prefix n8n gives this package's node types: `n8n-nodes-roughy.roughy`. */
export const PACKAGE_NAME = packageJson.name;

export function packageNodeType(nodeName: string): string {
	return `${PACKAGE_NAME}.${nodeName}`;
}

export interface PackageSource {
	/** n8n derives the class name from the file name: `RoughyTrigger.node.js` → `RoughyTrigger`. */
	className: string;
	/** The name the class is expected to declare (lint enforces camelCase of the class name). */
	expectedName: string;
	sourcePath: string;
}

/**
 * Maps the package.json `n8n` entries (built files under dist/) to their
 * TypeScript sources, as n8n's own harness does, so tests run the code being
 * edited without a build.
 */
function toSource(distPath: string): PackageSource {
	const relative = distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
	const className = path.basename(relative).split('.')[0];
	return {
		className,
		expectedName: className.charAt(0).toLowerCase() + className.slice(1),
		sourcePath: path.join(PACKAGE_ROOT, relative),
	};
}

export const NODE_SOURCES = packageJson.n8n.nodes.map(toSource);
export const CREDENTIAL_SOURCES = packageJson.n8n.credentials.map(toSource);

/**
 * Loads one class on first use. A node listed in package.json whose source is
 * not written yet (or does not compile) only fails the tests that use it.
 */
export function instantiate<T extends object>(source: PackageSource): T {
	if (!existsSync(source.sourcePath)) {
		throw new Error(
			`${path.relative(PACKAGE_ROOT, source.sourcePath)} does not exist yet, so "${source.expectedName}" cannot run in the harness`,
		);
	}
	const exported = require(source.sourcePath) as Record<string, unknown>;
	const Class = exported[source.className];
	if (typeof Class !== 'function') {
		throw new Error(`${source.sourcePath} does not export a class named ${source.className}`);
	}
	return new (Class as new () => T)();
}
