import { rmSync } from 'node:fs';

import type { EmulatorCore } from '../core';
import type { FaultSet } from '../faults';
import { durationFor } from '../billing';
import { failAsset, markAssetReady, scheduleProcessing } from '../lifecycle/assets';
import { grantInitialCredits, setBalance, topUp } from '../lifecycle/credits';
import { completeCut, failCut } from '../lifecycle/cuts';
import { completeRender, failRender } from '../lifecycle/renders';
import type { AssetRecord, AssetState, WebhookEventType } from '../model';
import type { RateLimitOptions } from '../options';
import { presentAssetDetail, type Origins } from '../resources/assets';
import { presentCut } from '../resources/cuts';
import { newProject, presentProject } from '../resources/projects';
import { presentRender } from '../resources/renders';
import type { CustomDelivery, DeliveryRecord, WebhookDispatcher } from '../webhooks/dispatcher';
import type { EventData } from '../webhooks/events';
import { newWebhookSecret } from '../webhooks/secrets';
import { seedAsset, type SeedAssetInput } from './seed-assets';
import { seedCut, seedRender, type SeedCutInput, type SeedRenderInput } from './seed-cuts-renders';

export type { SeedCutInput, SeedRenderInput } from './seed-cuts-renders';
import { snapshot, type EmulatorSnapshot } from './snapshot';

export interface SeedProjectInput {
	name?: string;
	state?: 'active' | 'archived';
	created_at?: string;
	/** Owned by another account: the API answers 404 for it and hides it from lists. */
	foreign?: boolean;
}

/** Test-side levers: seed data, move states, deliver webhooks, steer time. */
export interface EmulatorControl {
	/** Back to a fresh emulator: no data, initial credits, no faults, empty logs, clock reset. Keeps URL and key. */
	reset(): void;
	createProject(input?: SeedProjectInput): ReturnType<typeof presentProject>;
	/** An asset in any state (default ready), in `project_id` or a new project. Never touches the ledger. */
	seedAsset(input?: SeedAssetInput & { foreign?: boolean }): ReturnType<typeof presentAssetDetail>;
	/** Puts an asset in a state and fires that state's webhook (ready: asset.ready with previous_state = the old state). No billing. */
	setAssetState(assetId: string, state: AssetState, options?: { error_code?: string; error_message?: string }): ReturnType<typeof presentAssetDetail>;
	seedCut(input: SeedCutInput): ReturnType<typeof presentCut>;
	/** Completes a cut now; `unavailableFormats` makes those exports answer 409 unsupported_format. */
	completeCut(cutId: string, options?: { unavailableFormats?: string[] }): ReturnType<typeof presentCut>;
	failCut(cutId: string, code?: string, message?: string): ReturnType<typeof presentCut>;
	seedRender(input: SeedRenderInput): ReturnType<typeof presentRender>;
	completeRender(renderId: string): ReturnType<typeof presentRender>;
	failRender(renderId: string, code?: string, message?: string): ReturnType<typeof presentRender>;
	/** Sets the balance exactly (one adjustment entry). Does not activate pending_payment assets. */
	setBalance(balance: number): number;
	/** A purchase: books a top-up and activates pending_payment assets oldest first. Returns the new balance. */
	topUp(credits: number, options?: { stripe_invoice_id?: string }): number;
	/** New signing secret; the old one keeps signing alongside it for webhookSecretGraceMs (two v1 signatures). */
	rotateWebhookSecret(endpointId: string): { key: string };
	/** Fires an event as Roughy would: to every subscribed endpoint, with retries. */
	deliverEvent(type: WebhookEventType, data: EventData): void;
	/** One arbitrary (possibly forged) delivery; resolves with what the receiver answered. */
	sendWebhook(delivery: CustomDelivery): Promise<DeliveryRecord>;
	/** Runs every queued state change now (the way to move things in 'manual' timing). Returns the steps run. */
	advanceAll(): number;
	/** Runs the queued state change of one asset, cut or render by id. */
	advance(entityId: string): boolean;
	/** Moves the emulator clock (signed URL and upload expiry, timestamps). */
	advanceClock(ms: number): void;
	/** Turns rate limiting on with these numbers, or off with null. */
	setRateLimit(options: RateLimitOptions | null): void;
	/** Resolves when no state change is queued and no webhook is in flight (manual timing: after advanceAll). */
	idle(): Promise<void>;
	snapshot(): EmulatorSnapshot;
}

/** Ready and pending_payment assets always have a type, a size and a duration. */
function ensurePrepared(asset: AssetRecord): void {
	asset.media ??= { type: 'audio', extension: 'mp3', content_type: 'audio/mpeg' };
	asset.size_bytes ??= asset.bytes.kind === 'generated' ? asset.bytes.size : 960_000;
	asset.duration_seconds ??= durationFor(asset.media, asset.size_bytes);
	asset.credits ??= Math.max(1, Math.ceil(Number(asset.duration_seconds) / 60));
}

export interface ControlDeps {
	core: EmulatorCore;
	faults: FaultSet;
	dispatcher: WebhookDispatcher;
	origins: Origins;
	setRateLimit(options: RateLimitOptions | null): void;
}

export function createControl(deps: ControlDeps): EmulatorControl {
	const { core, dispatcher, origins } = deps;
	const { state } = core;
	const must = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`${what} not found`);
		return value;
	};
	const asset = (id: string) => must(state.assets.get(id.toLowerCase()), `asset ${id}`);
	const cut = (id: string) => must(state.cuts.get(id.toLowerCase()), `cut ${id}`);
	const render = (id: string) => must(state.renders.get(id.toLowerCase()), `render ${id}`);

	const control: EmulatorControl = {
		reset() {
			core.scheduler.clear();
			for (const upload of state.uploads.values()) {
				upload.writer?.abort();
				rmSync(upload.filePath, { force: true });
				core.hasher.drop(upload.id);
			}
			state.clear();
			dispatcher.reset();
			deps.faults.clear();
			core.requests.length = 0;
			core.contractViolations.length = 0;
			core.clock.reset();
			deps.setRateLimit(core.options.rateLimit);
			grantInitialCredits(core);
		},
		createProject(input = {}) {
			const project = newProject(core, {
				name: input.name ?? 'Seeded project',
				state: input.state,
				created_at: input.created_at,
				ownerId: input.foreign ? state.foreignOwnerId : undefined,
			});
			return presentProject(project);
		},
		seedAsset(input = {}) {
			const projectId = input.project_id?.toLowerCase() ?? control.createProject({ foreign: input.foreign }).id;
			must(state.projects.get(projectId), `project ${projectId}`);
			return presentAssetDetail(core, seedAsset(core, input, projectId), origins);
		},
		setAssetState(assetId, next, options = {}) {
			const record = asset(assetId);
			const previous = record.state;
			core.scheduler.cancel(`asset:${record.id}`);
			if (next === 'ready' || next === 'pending_payment') ensurePrepared(record);
			if (next === 'failed') {
				failAsset(core, record, options.error_code ?? 'processing_failed', options.error_message ?? 'The file could not be processed.');
			} else if (next === 'ready') {
				markAssetReady(core, record, previous === 'pending_payment' ? 'pending_payment' : 'processing');
			} else {
				record.state = next;
				if (next === 'processing') scheduleProcessing(core, record);
				if (next === 'pending_payment') core.events.emit('asset.pending_payment', { entity_id: record.id, asset_id: record.id });
			}
			return presentAssetDetail(core, record, origins);
		},
		seedCut(input) {
			return presentCut(seedCut(core, asset(input.asset_id).id, input));
		},
		completeCut(cutId, options = {}) {
			const record = cut(cutId);
			record.unavailableFormats = options.unavailableFormats ?? record.unavailableFormats;
			completeCut(core, record);
			return presentCut(record);
		},
		failCut(cutId, code = 'cut_failed', message = 'The cut could not be computed.') {
			const record = cut(cutId);
			failCut(core, record, code, message);
			return presentCut(record);
		},
		seedRender(input) {
			return presentRender(seedRender(core, asset(input.asset_id).id, input));
		},
		completeRender(renderId) {
			const record = render(renderId);
			completeRender(core, record);
			return presentRender(record);
		},
		failRender(renderId, code = 'render_failed', message = 'The render failed.') {
			const record = render(renderId);
			failRender(core, record, code, message);
			return presentRender(record);
		},
		setBalance(balance) {
			setBalance(core, balance);
			return state.balance();
		},
		topUp(credits, options = {}) {
			topUp(core, credits, options.stripe_invoice_id);
			return state.balance();
		},
		rotateWebhookSecret(endpointId) {
			const endpoint = must(state.endpoints.get(endpointId), `webhook endpoint ${endpointId}`);
			const retiresAtMs = core.clock.nowMs() + core.options.webhookSecretGraceMs;
			for (const secret of endpoint.secrets) secret.retiresAtMs ??= retiresAtMs;
			endpoint.secrets.unshift({ key: newWebhookSecret(), retiresAtMs: null });
			return { key: endpoint.secrets[0].key };
		},
		deliverEvent(type, data) {
			dispatcher.emit(type, data);
		},
		sendWebhook(delivery) {
			return dispatcher.sendCustom(delivery);
		},
		advanceAll() {
			return core.scheduler.advanceAll();
		},
		advance(entityId) {
			const id = entityId.toLowerCase();
			return ['asset', 'cut', 'render'].some((kind) => core.scheduler.advance(`${kind}:${id}`));
		},
		advanceClock(ms) {
			core.clock.advance(ms);
		},
		setRateLimit(options) {
			deps.setRateLimit(options);
		},
		async idle() {
			for (;;) {
				await core.scheduler.idle();
				await dispatcher.idle();
				if (core.scheduler.pendingKeys().length === 0) return;
			}
		},
		snapshot() {
			return snapshot(core, origins);
		},
	};
	return control;
}
