import type { Execution, N8nInstance } from '../n8n-process';

/**
 * Reading a workflow's executions from n8n's public API when many start at
 * once, and waiting until none is running and no new one appears.
 */

const FINISHED = new Set(['success', 'error', 'canceled', 'crashed']);

/** Every execution of the workflow (all pages), newest first. */
export async function allExecutions(n8n: N8nInstance, workflowId: string, { includeData = false } = {}): Promise<Execution[]> {
	const executions: Execution[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ workflowId, limit: '250', includeData: String(includeData), ...(cursor ? { cursor } : {}) });
		const page = await n8n.api<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
		executions.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return executions;
}

/**
 * Waits until the workflow has at least `atLeast` executions, all finished,
 * and the count then holds for `quietMs`: a duplicate that would start a
 * second execution has shown up by then. Returns them with their data.
 */
export async function settledExecutions(
	n8n: N8nInstance,
	workflowId: string,
	{ atLeast, timeoutMs = 120_000, quietMs = 3_000 }: { atLeast: number; timeoutMs?: number; quietMs?: number },
): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	let last: Execution[] = [];
	let stableSince = 0;
	for (;;) {
		const executions = await allExecutions(n8n, workflowId);
		const settled = executions.length >= atLeast && executions.every((execution) => FINISHED.has(execution.status));
		if (!settled || executions.length !== last.length) stableSince = Date.now();
		last = executions;
		if (settled && Date.now() - stableSince >= quietMs) return await allExecutions(n8n, workflowId, { includeData: true });
		if (Date.now() > deadline) {
			const running = executions.filter((execution) => !FINISHED.has(execution.status)).length;
			throw new Error(`Workflow ${workflowId}: ${executions.length} executions (${running} unfinished) after ${timeoutMs} ms, expected at least ${atLeast}, all finished`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** The items a node output in an execution (first run, first output). */
export function nodeOutput(execution: Execution, node: string): Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> {
	return (execution.data?.resultData.runData[node]?.[0]?.data?.main?.[0] ?? []) as Array<{
		json: Record<string, unknown>;
		binary?: Record<string, unknown>;
	}>;
}

/** How many executions each Roughy delivery (svix-id) started. */
export function executionsPerDelivery(executions: Execution[], triggerNode: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const execution of executions) {
		const id = String(nodeOutput(execution, triggerNode)[0]?.json.delivery_id);
		counts.set(id, (counts.get(id) ?? 0) + 1);
	}
	return counts;
}
