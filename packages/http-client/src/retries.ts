import { retryAfterFromHeaders } from './retry-after.ts';
import { fetchText, type FetchLike, type TextResponse } from './timed-fetch.ts';

export interface RetryPolicy {
  /** Attempts in all; 1 = no retry. */
  readonly attempts: number;
  /**
   * The longest wait a `Retry-After` (or `X-RateLimit-Reset`) is honoured for inside one call. A
   * longer one ends the retries at once and the response goes back to the caller, whose job then
   * waits it out (a worker must not sleep for a minute holding its job).
   */
  readonly maxRetryAfterMs: number;
  /** Pause before retry n (1-based) when the server gave no hint: backoffMs × 2^(n-1). */
  readonly backoffMs: number;
  /** Tests replace the pause. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export const NO_RETRIES: RetryPolicy = { attempts: 1, maxRetryAfterMs: 0, backoffMs: 0 };

/** Methods a repeat cannot change the outcome of. A POST is never repeated here: it may have been processed. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Answers worth asking again: rate limited, the server's timeout, a server error. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * `fetchText` for idempotent requests, repeated on 429/408/5xx and on failures without a response
 * (timeout, refused or reset connection) up to `policy.attempts`, waiting what the server asks for
 * when that is at most `maxRetryAfterMs`, else a doubling backoff. Returns the last response (any
 * status) or throws the last network error; the caller's abort ends it at once.
 */
export async function fetchTextWithRetries(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<TextResponse> {
  const method = (init.method ?? 'GET').toUpperCase();
  if (policy.attempts > 1 && !IDEMPOTENT.has(method)) throw new Error(`fetchTextWithRetries: ${method} is not idempotent and is never retried`);
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = policy.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= policy.attempts;
    const backoff = policy.backoffMs * 2 ** (attempt - 1);
    let response: TextResponse;
    try {
      response = await fetchText(fetchImpl, url, init, timeoutMs, signal);
    } catch (error) {
      if (last || signal?.aborted) throw error;
      await sleep(backoff);
      continue;
    }
    if (last || !isRetryableStatus(response.status)) return response;
    const hinted = retryAfterFromHeaders(response.headers, now());
    if (hinted !== undefined && hinted > policy.maxRetryAfterMs) return response;
    await sleep(hinted ?? backoff);
    if (signal?.aborted) return response;
  }
}
