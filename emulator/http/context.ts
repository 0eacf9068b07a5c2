import type { IncomingMessage } from 'node:http';

import type { RecordedRequest } from './request-log';

/** Everything a handler knows about the request it answers. */
export interface RequestContext {
	req: IncomingMessage;
	method: string;
	url: URL;
	path: string;
	query: URLSearchParams;
	params: Record<string, string>;
	requestId: string;
	record: RecordedRequest;
	/**
	 * Set by a `resetAfterBytes` fault: accept (and, for uploads, store) this
	 * many body bytes, then drop the connection without answering.
	 */
	dropAfterBodyBytes: number | null;
	/** Origin the client used to reach the API; absolute URLs we hand out start with it. */
	apiOrigin: string;
	/** Origin of the storage listener that serves signed download URLs. */
	storageOrigin: string;
}

/**
 * Thrown when the handler dropped the connection on purpose (fault
 * injection) or the client went away; the server then answers nothing.
 */
export class ConnectionDropped extends Error {
	constructor(reason: string) {
		super(reason);
	}
}
