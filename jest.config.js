/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Workflow tests start a real emulator and run n8n-core's engine; the
	// machine has two cores, so keep parallelism modest and give room.
	maxWorkers: 2,
	testTimeout: 60000,
	// e2e tests against a real n8n process run separately (npm run test:e2e).
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
};
