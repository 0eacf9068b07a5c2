export { DEFAULT_BASE_URL, getBaseUrl, normalizeBaseUrl } from './base-url';
export { CREDENTIAL_TYPE, getCancelSignal, type RoughyFunctions } from './context';
export {
	describeFailure,
	isNetworkError,
	parseFailure,
	roughyErrorCode,
	roughyRetryAfterSeconds,
	roughyStatus,
	toNodeApiError,
	type FailureContext,
	type RoughyFailure,
} from './errors';
export {
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
