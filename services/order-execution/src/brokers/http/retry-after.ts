/** Used when a 429 carries no usable hint: long enough that a per-minute quota has reset. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait after a 429: `Retry-After` (delta-seconds or an HTTP date), else
 * `X-RateLimit-Reset` (epoch seconds, what Alpaca sends), else `DEFAULT_RETRY_AFTER_MS`.
 */
export function retryAfterMs(headers: Headers, now: number): number {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset !== undefined && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return DEFAULT_RETRY_AFTER_MS;
}
