// The Retry-After reading is shared with the trading client (@mltrading/http-client); this module
// keeps the name ingestion's modules and tests import.
export { DEFAULT_RETRY_AFTER_MS, parseRetryAfter } from '@mltrading/http-client';
