import type { N8nInstance } from './n8n-process';

/**
 * The svix-ids a Roughy Trigger has recorded in the workflow's static data,
 * as n8n's database holds them (read through n8n's REST API, so what every
 * n8n process would read).
 */
export async function storedDeliveryIds(n8n: N8nInstance, workflowId: string, triggerName: string): Promise<string[]> {
	const workflow = await n8n.rest<{ staticData?: unknown }>('GET', `/workflows/${workflowId}`);
	const staticData = (typeof workflow.staticData === 'string' ? JSON.parse(workflow.staticData) : workflow.staticData) as
		| Record<string, { recentDeliveries?: Array<{ id: string }> }>
		| undefined;
	return (staticData?.[`node:${triggerName}`]?.recentDeliveries ?? []).map((entry) => entry.id);
}
