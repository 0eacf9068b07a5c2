/**
 * n8n in queue mode (`npm run test:e2e:queue`): Redis and Postgres from
 * Debian's packages (installed with apt-get when missing), then n8n main, a
 * worker and a webhook process from .cache/n8n-runtime, all on loopback.
 * One jest worker: one queue setup needs about 2 GiB and most of this
 * two-core machine while it starts.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	rootDir: 'test/e2e',
	testMatch: ['<rootDir>/queue/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/global-setup.ts',
	maxWorkers: 1,
	testTimeout: 600000,
	slowTestThreshold: 60,
};
