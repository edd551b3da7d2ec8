// Deadlines and the fetch signature come from @mltrading/http-client (shared with the trading
// client); the per-source limiter hook is ingestion's own.
export { fetchText, requestSignal, type FetchLike } from '@mltrading/http-client';

/**
 * Awaited before every HTTP request a source makes (pages, chunks, crumb and metadata requests
 * alike): the per-source rate limiter. Called before the request's timeout starts, so waiting for
 * the limiter never counts against it.
 */
export type BeforeRequest = () => Promise<void>;

export const noWait: BeforeRequest = async () => {};
