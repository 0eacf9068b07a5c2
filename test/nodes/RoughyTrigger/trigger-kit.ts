/**
 * What every Roughy Trigger test needs: an emulator per test file, reset
 * before each test, and for suites that receive events, a stand-in for n8n's
 * webhook server that hands each delivery to the trigger of the workflow
 * last published. Case-specific fixtures live beside the tests.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../emulator';
import { runWebhookLifecycle, type WebhookMode } from '../../harness';
import { stopSvixSigner } from '../../webhooks/svix-signer';
import { startWebhookReceiver, type WebhookReceiver } from './n8n-receiver';
import { triggerNode } from './trigger-fixtures';

export interface TriggerKit {
	readonly emulator: RunningEmulator;
}

/** Starts an emulator for the test file and resets it before each test. */
export function useTriggerEmulator(options: EmulatorOptions = {}): TriggerKit {
	let emulator: RunningEmulator | undefined;
	beforeAll(async () => {
		emulator = await startEmulator(options);
	});
	afterAll(async () => await emulator?.close());
	beforeEach(() => emulator!.control.reset());
	return {
		get emulator() {
			return emulator!;
		},
	};
}

/** The workflow deliveries go to: its trigger node, the API key its credential holds, its static data. */
export interface TriggerWorkflow {
	node: INode;
	staticData: IDataObject;
	apiKey: string;
	mode?: WebhookMode;
}

/** What the trigger stored on activation, and the URL it registered. */
export interface PublishedTrigger {
	endpointId: string;
	secret: string;
	secretSource: string;
	webhookUrl: string;
}

export interface ReceivingTriggerKit extends TriggerKit {
	readonly receiver: WebhookReceiver;
	/** The workflow last set or published; a test may change its API key between deliveries. */
	readonly workflow: TriggerWorkflow;
	/** A workflow with this trigger that deliveries go to, not activated. */
	setWorkflow(parameters?: IDataObject, mode?: WebhookMode): TriggerWorkflow;
	/** Publishes a workflow whose n8n is the receiver: checkExists, then create, as n8n does. */
	publish(parameters?: IDataObject, mode?: WebhookMode): Promise<PublishedTrigger>;
	/** Deliveries that started an execution. */
	started(): WebhookReceiver['deliveries'];
}

/** An emulator, and a receiver standing in for n8n's webhook server, for the test file. */
export function useReceivingTrigger(options: EmulatorOptions = {}): ReceivingTriggerKit {
	let emulator: RunningEmulator | undefined;
	let receiver: WebhookReceiver | undefined;
	let workflow: TriggerWorkflow | undefined;

	beforeAll(async () => {
		emulator = await startEmulator(options);
		receiver = await startWebhookReceiver(() => ({
			node: workflow!.node,
			staticData: workflow!.staticData,
			credentials: { baseUrl: emulator!.url, apiKey: workflow!.apiKey },
			mode: workflow!.mode,
		}));
	});
	afterAll(async () => {
		stopSvixSigner();
		await receiver?.close();
		await emulator?.close();
	});
	beforeEach(() => {
		emulator!.control.reset();
		receiver!.deliveries.length = 0;
	});

	const setWorkflow = (parameters: IDataObject = {}, mode?: WebhookMode) => {
		workflow = { node: triggerNode(parameters), staticData: {}, apiKey: emulator!.apiKey, mode };
		return workflow;
	};

	return {
		get emulator() {
			return emulator!;
		},
		get receiver() {
			return receiver!;
		},
		get workflow() {
			return workflow!;
		},
		setWorkflow,
		publish: async (parameters = {}, mode) => {
			const { node, staticData } = setWorkflow(parameters, mode);
			const hooks = await runWebhookLifecycle({
				node,
				credentials: { baseUrl: emulator!.url, apiKey: emulator!.apiKey },
				webhookBaseUrl: receiver!.url,
				staticData,
				mode,
			});
			if (!(await hooks.checkExists())) await hooks.create();
			const slot = mode === 'test' ? 'testEndpoint' : 'productionEndpoint';
			return { ...(staticData[slot] as Omit<PublishedTrigger, 'webhookUrl'>), webhookUrl: hooks.webhookUrl };
		},
		started: () => receiver!.deliveries.filter((delivery) => delivery.workflowData !== undefined),
	};
}
