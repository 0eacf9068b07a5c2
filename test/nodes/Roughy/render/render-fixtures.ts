import type { EmulatorControl } from '../../../../emulator';
import type { EmulatorKit } from '../emulator-kit';

/** Seeding helpers over one emulator's control API. */
export function renderFixtures(kit: EmulatorKit) {
	const control = (): EmulatorControl => kit.emulator().control;
	return {
		control,
		readyVideo: () => control().seedAsset({ state: 'ready', format: 'mp4' }),
		readyAudio: () => control().seedAsset({ state: 'ready', format: 'mp3' }),
		completedRender: (assetId: string) =>
			control().seedRender({ asset_id: assetId, output: { format: 'mp4', resolution: '1080p' } }),
		renderPosts: () =>
			kit
				.emulator()
				.requests.filter((request) => request.method === 'POST' && request.path === '/v1/renders')
				.map((request) => request.status),
	};
}
