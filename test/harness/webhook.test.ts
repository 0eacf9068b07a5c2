import { createHmac, randomUUID } from 'node:crypto';
import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IN8nHttpFullResponse,
	type INode,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { startRecordingServer, type RecordingServer } from './fixtures/recording-server';
import { deliverWebhook, registerNodeType, runWebhookLifecycle, type RoughyTestCredentials } from './index';

const API_KEY = 'sk_test_webhooks_0123456789';
const TRIGGER_TYPE = 'harness.signedTrigger';

async function callApi(context: IHookFunctions, method: IHttpRequestMethods, path: string, body?: IDataObject) {
	const { baseUrl } = await context.getCredentials<{ baseUrl: string }>('roughyApi');
	return (await context.helpers.httpRequestWithAuthentication.call(context, 'roughyApi', {
		method,
		url: `${baseUrl}${path}`,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as IN8nHttpFullResponse;
}

/**
 * The smallest trigger shaped like Roughy's: registers its URL with the
 * service (keeping the endpoint id and secret in static data) and accepts
 * deliveries signed with HMAC-SHA256 over the raw body.
 */
class SignedTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Signed trigger',
		name: 'signedTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Receives signed deliveries',
		defaults: { name: 'Signed trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'roughyApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [{ displayName: 'Event', name: 'event', type: 'string', default: 'render.completed' }],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const { endpointId } = this.getWorkflowStaticData('node');
				if (typeof endpointId !== 'string') return false;
				return (await callApi(this, 'GET', `/v1/webhooks/${endpointId}`)).statusCode === 200;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const response = await callApi(this, 'POST', '/v1/webhooks', {
					url: this.getNodeWebhookUrl('default') ?? '',
					events: [this.getNodeParameter('event') as string],
				});
				const endpoint = response.body as { id: string; secret: string };
				Object.assign(this.getWorkflowStaticData('node'), { endpointId: endpoint.id, secret: endpoint.secret });
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				await callApi(this, 'DELETE', `/v1/webhooks/${String(staticData.endpointId)}`);
				delete staticData.endpointId;
				delete staticData.secret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const { secret } = this.getWorkflowStaticData('node');
		const expected = createHmac('sha256', String(secret)).update(request.rawBody).digest('hex');
		if (request.headers['x-signature'] !== expected) {
			this.getResponseObject().status(401).send('Signature does not match');
			return { noWebhookResponse: true };
		}
		return { workflowData: [this.helpers.returnJsonArray([this.getBodyData()])] };
	}
}

const trigger: INode = {
	id: 'signed-trigger',
	name: 'Signed trigger',
	type: TRIGGER_TYPE,
	typeVersion: 1,
	position: [0, 0],
	webhookId: 'b0c1d2e3-0000-4000-8000-000000000001',
	parameters: { event: 'render.completed' },
};

let server: RecordingServer;
let credentials: RoughyTestCredentials;

beforeAll(async () => {
	registerNodeType(TRIGGER_TYPE, new SignedTrigger());
	server = await startRecordingServer({
		'POST /v1/webhooks': ({ body }) => ({
			status: 201,
			json: { ...(JSON.parse(body.toString()) as IDataObject), id: randomUUID(), secret: 'whsec_harness' },
		}),
	});
	credentials = { baseUrl: server.url, apiKey: API_KEY };
});

afterAll(async () => await server.close());

beforeEach(() => {
	server.requests.length = 0;
});

describe('webhook lifecycle through HookContext', () => {
	test('create registers the production URL with the bearer key and keeps the endpoint in static data', async () => {
		const lifecycle = await runWebhookLifecycle({ node: trigger, credentials, webhookBaseUrl: 'http://127.0.0.1:5678' });

		expect(await lifecycle.checkExists()).toBe(false);
		expect(await lifecycle.create()).toBe(true);

		expect(lifecycle.webhookUrl).toBe(`http://127.0.0.1:5678/webhook/${trigger.webhookId}/webhook`);
		const registration = server.requests.find((request) => request.method === 'POST');
		expect(registration?.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(JSON.parse(String(registration?.body))).toEqual({ url: lifecycle.webhookUrl, events: ['render.completed'] });
		expect(lifecycle.staticData).toEqual({ endpointId: expect.any(String), secret: 'whsec_harness' });
	});

	test('delete clears the static data it was given', async () => {
		const staticData: IDataObject = { endpointId: 'e1', secret: 'whsec_old' };
		const lifecycle = await runWebhookLifecycle({ node: trigger, credentials, webhookBaseUrl: 'http://127.0.0.1:5678', staticData });

		expect(await lifecycle.delete()).toBe(true);

		expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['DELETE /v1/webhooks/e1']);
		expect(staticData).toEqual({});
	});

	test('in test mode, uses the editor’s /webhook-test URL', async () => {
		const lifecycle = await runWebhookLifecycle({
			node: trigger,
			credentials,
			webhookBaseUrl: 'http://127.0.0.1:5678',
			mode: 'test',
		});

		expect(lifecycle.webhookUrl).toBe(`http://127.0.0.1:5678/webhook-test/${trigger.webhookId}/webhook`);
	});
});

describe('deliveries through WebhookContext', () => {
	const staticData = { secret: 'whsec_harness' };
	// Spacing that JSON.stringify(JSON.parse(...)) would not reproduce.
	const rawBody = Buffer.from('{ "type": "render.completed",  "data": { "id": "r1" } }');
	const sign = (bytes: Buffer) => createHmac('sha256', staticData.secret).update(bytes).digest('hex');

	test('a correctly signed delivery starts the workflow with the parsed body; n8n 2.x answers with its literal default', async () => {
		const delivery = await deliverWebhook({
			node: trigger,
			credentials,
			staticData,
			request: { headers: { 'Content-Type': 'application/json', 'X-Signature': sign(rawBody) }, rawBody },
		});

		expect(delivery.workflowData).toEqual([[{ json: { type: 'render.completed', data: { id: 'r1' } } }]]);
		expect(delivery.status).toBe(200);
		expect(delivery.responseBody).toBe('firstEntryJson');
	});

	test('a delivery with a wrong signature is answered 401 by the node and starts nothing', async () => {
		const delivery = await deliverWebhook({
			node: trigger,
			credentials,
			staticData,
			request: { headers: { 'content-type': 'application/json', 'x-signature': sign(Buffer.from('other')) }, rawBody },
		});

		expect(delivery.workflowData).toBeUndefined();
		expect(delivery.noWebhookResponse).toBe(true);
		expect(delivery.status).toBe(401);
		expect(delivery.responseBody).toBe('Signature does not match');
	});
});
