import type { EmulatorCore } from '../core';
import { jsonResponse } from '../http/response';
import { paginate, readPageRequest } from '../http/pagination';
import type { Route } from '../http/router';
import type { LedgerRecord } from '../model';

function presentLedgerEntry(entry: LedgerRecord) {
	return { ...entry };
}

export function creditRoutes(core: EmulatorCore): Route[] {
	return [
		{
			method: 'GET',
			template: '/v1/credits/balance',
			authenticated: true,
			handler: () => jsonResponse(200, { balance: core.state.balance() }),
		},
		{
			method: 'GET',
			template: '/v1/credits/history',
			authenticated: true,
			handler: (ctx) => jsonResponse(200, paginate(core.state.ledger, readPageRequest(ctx.query), presentLedgerEntry)),
		},
	];
}
