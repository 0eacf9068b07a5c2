// n8n's community-node lint, in its non-Cloud configuration: this package
// depends on tus-js-client at runtime (the product's uploader), which n8n
// Cloud and node verification do not allow. It targets self-hosted n8n.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'coverage/**',
			'.cache/**',
			'test/**',
			'emulator/**',
			'scripts/**',
			'bench/**',
			'examples/**',
			'docs/**',
			'*.js',
			'*.mjs',
		],
	},
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			// tus-js-client is the uploader's protocol engine; see README
			// "Why not n8n Cloud". Everything else in the rule set applies.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
];
