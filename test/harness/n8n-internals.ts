import path from 'node:path';

/*
 * n8n-core 2.40.3 ships its own copies of @n8n/di, @n8n/config,
 * @n8n/backend-common and @n8n/backend-network, nested under
 * node_modules/n8n-core/node_modules, and they are newer than the hoisted
 * ones other packages pulled in. The DI container is keyed by class
 * identity, so a service registered through the hoisted @n8n/di (or keyed by
 * the hoisted Logger class) is invisible to n8n-core. Everything the harness
 * registers therefore goes through the copies n8n-core itself resolves.
 * The types come from the hoisted packages; the APIs used here are the same.
 */
const coreDir = path.dirname(require.resolve('n8n-core'));

function requireAsCoreDoes<T>(moduleId: string): T {
	return require(require.resolve(moduleId, { paths: [coreDir] })) as T;
}

export const { Container } = requireAsCoreDoes<typeof import('@n8n/di')>('@n8n/di');
export const { Logger } = requireAsCoreDoes<typeof import('@n8n/backend-common')>('@n8n/backend-common');
export const { OutboundHttp } =
	requireAsCoreDoes<typeof import('@n8n/backend-network')>('@n8n/backend-network');
export const { InstanceSettingsConfig, SsrfProtectionConfig } =
	requireAsCoreDoes<typeof import('@n8n/config')>('@n8n/config');

/** mime-types as n8n-core uses it, to name test files the way n8n would. */
export const mimeTypes = requireAsCoreDoes<{ lookup(pathOrExtension: string): string | false }>(
	'mime-types',
);
