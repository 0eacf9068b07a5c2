import { ObservableObject, type IDataObject } from 'n8n-workflow';

import { claimDelivery, forgetClaimsInMemory } from '../../../nodes/RoughyTrigger/delivery-claims';
import {
	DELIVERY_MEMORY_MS,
	MAX_REMEMBERED_DELIVERIES,
	rememberDelivery,
	wasDelivered,
} from '../../../nodes/RoughyTrigger/registration-store';

describe('remembered deliveries', () => {
	test('a remembered svix-id is recognised, an unknown one is not', () => {
		const staticData: IDataObject = {};

		rememberDelivery(staticData, 'msg_1');

		expect(wasDelivered(staticData, 'msg_1')).toBe(true);
		expect(wasDelivered(staticData, 'msg_2')).toBe(false);
	});

	test(`keeps only the last ${MAX_REMEMBERED_DELIVERIES} ids`, () => {
		const staticData: IDataObject = {};

		for (let n = 0; n <= MAX_REMEMBERED_DELIVERIES; n++) rememberDelivery(staticData, `msg_${n}`, 1_000 + n);

		expect(staticData.recentDeliveries).toHaveLength(MAX_REMEMBERED_DELIVERIES);
		expect(wasDelivered(staticData, 'msg_0')).toBe(false);
		expect(wasDelivered(staticData, `msg_${MAX_REMEMBERED_DELIVERIES}`)).toBe(true);
	});

	test('forgets ids older than Svix keeps retrying', () => {
		const staticData: IDataObject = {};
		rememberDelivery(staticData, 'msg_old', 0);

		rememberDelivery(staticData, 'msg_new', DELIVERY_MEMORY_MS + 1);

		expect(wasDelivered(staticData, 'msg_old')).toBe(false);
		expect(staticData.recentDeliveries).toEqual([{ id: 'msg_new', at: DELIVERY_MEMORY_MS + 1 }]);
	});

	test("changes the node's static data in a way n8n notices, so it is saved", () => {
		// n8n wraps static data like this and saves it only when __dataChanged is set.
		const workflowStaticData = ObservableObject.create({ 'node:Roughy Trigger': { recentDeliveries: [] } });
		const nodeStaticData = workflowStaticData['node:Roughy Trigger'] as IDataObject;

		rememberDelivery(nodeStaticData, 'msg_1');

		expect((workflowStaticData as { __dataChanged?: boolean }).__dataChanged).toBe(true);
	});
});

describe('claimed deliveries (this process)', () => {
	beforeEach(() => forgetClaimsInMemory());

	test('a copy arriving while the first is handled waits for its outcome, then is a duplicate', async () => {
		const first = claimDelivery('wf/node', {}, 'msg_1');
		const copy = claimDelivery('wf/node', {}, 'msg_1');
		if (first.kind !== 'claimed' || copy.kind !== 'in-progress') throw new Error(`${first.kind}, ${copy.kind}`);

		first.accept();

		await expect(copy.outcome).resolves.toBe(true);
		expect(claimDelivery('wf/node', {}, 'msg_1').kind).toBe('duplicate');
	});

	test('a released claim (the sender was told to retry) lets the next copy through', async () => {
		const first = claimDelivery('wf/node', {}, 'msg_1');
		const copy = claimDelivery('wf/node', {}, 'msg_1');
		if (first.kind !== 'claimed' || copy.kind !== 'in-progress') throw new Error(`${first.kind}, ${copy.kind}`);

		first.release();
		first.accept();

		await expect(copy.outcome).resolves.toBe(false);
		expect(claimDelivery('wf/node', {}, 'msg_1').kind).toBe('claimed');
	});

	test('accepting writes every id this process accepted, so a save that overwrote another keeps it', () => {
		const staleCopy: IDataObject = {};
		const first = claimDelivery('wf/node', {}, 'msg_1');
		const second = claimDelivery('wf/node', staleCopy, 'msg_2');
		if (first.kind !== 'claimed' || second.kind !== 'claimed') throw new Error('not claimed');

		first.accept();
		second.accept();

		expect(wasDelivered(staleCopy, 'msg_1')).toBe(true);
		expect(wasDelivered(staleCopy, 'msg_2')).toBe(true);
	});

	test('triggers are kept apart', () => {
		const ours = claimDelivery('wf/node', {}, 'msg_1');
		if (ours.kind === 'claimed') ours.accept();

		expect(claimDelivery('wf/other-node', {}, 'msg_1').kind).toBe('claimed');
	});
});
