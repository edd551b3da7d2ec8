// HTTP plumbing shared by every client of an outside API (ingestion's market-data providers, the
// Alpaca trading client): one deadline per request covering headers and body, bounded retries of
// idempotent requests on 429/5xx honouring Retry-After, and secret redaction for error messages.
// Classifying failures into each caller's own errors stays with the caller.
export { bodyExcerpt, errorDetail, redact } from './redact.ts';
export { DEFAULT_RETRY_AFTER_MS, parseRetryAfter, retryAfterFromHeaders } from './retry-after.ts';
export { fetchText, requestSignal, type FetchLike, type TextResponse } from './timed-fetch.ts';
export { describeNetworkError, type NetworkFailure } from './network-error.ts';
export { fetchTextWithRetries, isRetryableStatus, NO_RETRIES, type RetryPolicy } from './retries.ts';
