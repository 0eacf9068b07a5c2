/**
 * End-to-end tests against a real `n8n start` process (Node 24, n8n 2.40.7
 * from .cache/n8n-runtime). Run with `npm run test:e2e`; `npm test` skips
 * test/e2e. One worker: each suite boots its own n8n, which needs most of
 * this two-core machine for the ~20 s it takes to start.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	rootDir: 'test/e2e',
	testMatch: ['**/*.test.ts'],
	// Queue mode has its own command and services (npm run test:e2e:queue).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/queue/'],
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/../../tsconfig.test.json' },
		],
	},
	globalSetup: '<rootDir>/global-setup.ts',
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 60,
};
