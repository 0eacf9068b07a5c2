import type { EmulatorControl, SeedCutInput, SeedProjectInput, SeedRenderInput } from './control-api';
import type { SeedAssetInput } from './seed-assets';

export interface SeedRequest {
	projects?: SeedProjectInput[];
	/** Assets without project_id go into the first project of this request (or a new one). */
	assets?: Array<Omit<SeedAssetInput, 'bytes'> & { foreign?: boolean; bytes_base64?: string }>;
	cuts?: SeedCutInput[];
	renders?: SeedRenderInput[];
	balance?: number;
}

/** POST /__emulator/seed: several seeds in one call, returned in the API's own shapes. */
export function seedFromJson(control: EmulatorControl, request: SeedRequest) {
	const projects = (request.projects ?? []).map((input) => control.createProject(input));
	const assets = (request.assets ?? []).map(({ bytes_base64, ...input }) =>
		control.seedAsset({
			...input,
			project_id: input.project_id ?? projects[0]?.id,
			bytes: bytes_base64 ? Buffer.from(bytes_base64, 'base64') : undefined,
		}),
	);
	const cuts = (request.cuts ?? []).map((input) => control.seedCut(input));
	const renders = (request.renders ?? []).map((input) => control.seedRender(input));
	const balance = request.balance !== undefined ? control.setBalance(request.balance) : undefined;
	return { projects, assets, cuts, renders, balance };
}
