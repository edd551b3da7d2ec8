/** Used when a 429 carries no usable hint: long enough that a per-minute quota has reset. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * Milliseconds to wait from a `Retry-After` value: delta-seconds (`"30"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`). Missing or unparsable values give `fallbackMs`; dates in
 * the past give 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now(), fallbackMs: number = DEFAULT_RETRY_AFTER_MS): number {
  if (value === null || value === undefined) return fallbackMs;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return fallbackMs;
  return Math.max(0, at - now);
}

/**
 * The wait a 429 (or 503) asks for: `Retry-After`, else `X-RateLimit-Reset` (epoch seconds, what
 * Alpaca sends instead); undefined when neither gives a usable hint, so each caller picks its own
 * fallback.
 */
export function retryAfterFromHeaders(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const ms = parseRetryAfter(retryAfter, now, Number.NaN);
    if (!Number.isNaN(ms)) return ms;
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset.trim()) * 1000 - now);
  return undefined;
}
