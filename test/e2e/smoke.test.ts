import { N8nInstance, type WorkflowInput } from './n8n-process';
import { n8nRuntime } from './runtime';

/**
 * Proves the harness itself, with n8n-nodes-base only: a real n8n starts,
 * accepts a workflow through the public API, runs it manually and reports
 * the output. If this fails, no Roughy e2e test can tell us anything.
 */

const TRIGGER = 'When clicking ‘Execute workflow’';

function manualTriggerThenSet(fields: Record<string, string>): WorkflowInput {
	return {
		name: 'Smoke: Manual Trigger → Set',
		nodes: [
			{
				id: '7a5d5a3e-0001-4c1e-9a52-1f0c5c1d0001',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '7a5d5a3e-0002-4c1e-9a52-1f0c5c1d0002',
				name: 'Set greeting',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: Object.entries(fields).map(([name, value], index) => ({
							id: `field-${index}`,
							name,
							value,
							type: 'string',
						})),
					},
					options: {},
				},
			},
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Set greeting', type: 'main', index: 0 }]] },
		},
	};
}

describe(`a real n8n ${n8nRuntime().version} process`, () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.start();
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('runs a Manual Trigger → Set workflow and returns the Set output', async () => {
		const workflow = await n8n.createWorkflow(
			manualTriggerThenSet({ greeting: 'hello from n8n', computed: '={{ 6 * 7 }}' }),
		);

		const execution = await n8n.runManually(workflow.id, TRIGGER);

		expect(execution.status).toBe('success');
		const setRuns = execution.data?.resultData.runData['Set greeting'];
		expect(setRuns).toHaveLength(1);
		expect(setRuns?.[0].data?.main?.[0]).toEqual([
			expect.objectContaining({ json: { greeting: 'hello from n8n', computed: '42' } }),
		]);
	});

	it('lists the manual execution under its workflow', async () => {
		const workflow = await n8n.createWorkflow(manualTriggerThenSet({ marker: 'listed' }));
		const execution = await n8n.runManually(workflow.id, TRIGGER);

		const executions = await n8n.listExecutions(workflow.id);

		expect(executions.map((e) => String(e.id))).toEqual([String(execution.id)]);
		expect(executions[0]).toMatchObject({ mode: 'manual', status: 'success' });
	});

	it('writes no error to its log while starting and running', () => {
		expect(n8n.errorLogs()).toEqual([]);
	});
});
