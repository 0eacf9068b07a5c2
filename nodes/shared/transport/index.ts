export {
	DEFAULT_BASE_URL,
	DEFAULT_TIMEOUT_SECONDS,
	getBaseUrl,
	getConnection,
	isLoopbackHost,
	normalizeBaseUrl,
	type RoughyConnection,
} from './base-url';
export { CREDENTIAL_TYPE, getCancelSignal, type RoughyFunctions } from './context';
export {
	describeFailure,
	isNetworkError,
	parseFailure,
	redactSecrets,
	roughyErrorCode,
	roughyRetryAfterSeconds,
	roughyStatus,
	toNodeApiError,
	type FailureContext,
	type RoughyFailure,
} from './errors';
export {
	matchesFilters,
	MAX_PAGE_SIZE,
	roughyApiRequestAllItems,
	roughyApiRequestAllItemsMatchingAny,
	type AnyOfFilter,
	type PageSelection,
} from './pagination';
export {
	resolveRoughyUrl,
	roughyApiRequest,
	roughyApiRequestFull,
	type RoughyRequest,
	type RoughyResponse,
} from './request';
