import type { EmulatorControl } from './control/control-api';
import type { FaultRule } from './faults';
import type { RecordedRequest } from './http/request-log';
import type { DeliveryRecord } from './webhooks/dispatcher';

export type { EmulatorControl } from './control/control-api';

/** What startEmulator() hands back. Arrays are live: they grow as the emulator works. */
export interface RunningEmulator {
	/** Base URL of the API, e.g. http://127.0.0.1:41234 (no trailing slash). */
	url: string;
	/** Base URL of the storage listener that serves signed download URLs (another origin, like Roughy's object store). */
	storageUrl: string;
	/** The one key that authenticates (a local fake key). */
	apiKey: string;
	/** Where upload bytes are stored. */
	storageDir: string;
	close(): Promise<void>;
	/**
	 * A server restart as clients see it: both listeners close (open
	 * connections are dropped, new ones refused) and, after `downMs`, listen
	 * again on the same ports. State, clock, scheduled work and logs are kept,
	 * as a real Roughy keeps them in its database across a deploy.
	 */
	restart(options?: { downMs?: number }): Promise<void>;
	/** Every /v1 and storage request, oldest first; never holds the Authorization value. */
	requests: RecordedRequest[];
	faults: { add(rule: FaultRule): void; clear(): void; list(): FaultRule[] };
	control: EmulatorControl;
	/** What the emulator holds for an asset's upload, for byte-identity checks. Throws if the asset never had one. */
	storedUpload(assetId: string): StoredUpload;
	/** Every webhook delivery attempt, oldest first. */
	webhookDeliveries: DeliveryRecord[];
	/** Filled when contractCheck is on: one line per response that broke contract/openapi.yaml. */
	contractViolations: string[];
}

export interface StoredUpload {
	uploadId: string;
	/** Bytes stored so far (the TUS offset). */
	bytesReceived: number;
	/** Declared size (Upload-Length). */
	length: number;
	/** sha256 (hex) of the bytes stored so far. */
	sha256: string;
	status: 'open' | 'complete' | 'terminated';
	filePath: string;
}
