import type {
	AssetRecord,
	CutRecord,
	LedgerRecord,
	ProjectRecord,
	RenderRecord,
	UploadRecord,
	UserRecord,
	WebhookEndpointRecord,
} from './model';

/**
 * Everything the emulator holds, in memory. One API key means one account;
 * records owned by `foreignOwnerId` stand for another customer's data, which
 * the API must answer as 404 (ownership failures are never 403).
 */
export class EmulatorState {
	readonly projects = new Map<string, ProjectRecord>();
	readonly assets = new Map<string, AssetRecord>();
	readonly uploads = new Map<string, UploadRecord>();
	readonly cuts = new Map<string, CutRecord>();
	readonly renders = new Map<string, RenderRecord>();
	readonly endpoints = new Map<string, WebhookEndpointRecord>();
	readonly ledger: LedgerRecord[] = [];

	constructor(
		readonly user: UserRecord,
		readonly foreignOwnerId: string,
	) {}

	clear(): void {
		this.projects.clear();
		this.assets.clear();
		this.uploads.clear();
		this.cuts.clear();
		this.renders.clear();
		this.endpoints.clear();
		this.ledger.length = 0;
	}

	balance(): number {
		return this.ledger.reduce((sum, entry) => sum + entry.delta, 0);
	}

	/** The caller's project, or undefined (missing and foreign look the same). */
	ownProject(id: string): ProjectRecord | undefined {
		const project = this.projects.get(id.toLowerCase());
		return project && project.ownerId === this.user.id ? project : undefined;
	}

	ownAsset(id: string): AssetRecord | undefined {
		const asset = this.assets.get(id.toLowerCase());
		return asset && this.ownProject(asset.project_id) ? asset : undefined;
	}

	ownCut(id: string): CutRecord | undefined {
		const cut = this.cuts.get(id.toLowerCase());
		return cut && this.ownAsset(cut.asset_id) ? cut : undefined;
	}

	ownRender(id: string): RenderRecord | undefined {
		const render = this.renders.get(id.toLowerCase());
		return render && this.ownAsset(render.asset_id) ? render : undefined;
	}

	ownAssets(): AssetRecord[] {
		return [...this.assets.values()].filter((asset) => this.ownProject(asset.project_id));
	}

	cutsOf(assetId: string): CutRecord[] {
		return [...this.cuts.values()].filter((cut) => cut.asset_id === assetId);
	}

	rendersOf(assetId: string): RenderRecord[] {
		return [...this.renders.values()].filter((render) => render.asset_id === assetId);
	}
}
