// How a provider's HTTP failure becomes a SourceError. The plumbing under it (redaction, reading
// Retry-After, describing network failures) is @mltrading/http-client, shared with the trading client.
import { describeNetworkError, errorDetail, retryAfterFromHeaders } from '@mltrading/http-client';
import { SourceError, type SourceErrorKind } from '../source-error.ts';

export { bodyExcerpt, errorDetail, redact, retryAfterFromHeaders } from '@mltrading/http-client';

export interface FailureContext {
  readonly source: string;
  readonly symbol?: string;
  /** Values that must never appear in an error message (API keys). */
  readonly secrets?: readonly (string | undefined)[];
}

/** The error kind an HTTP status means for a market-data request. */
export function kindForStatus(status: number): SourceErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'transient';
  // 400/401/403/404/422: bad credentials, unknown symbol or a request that can never succeed.
  if (status >= 400) return 'permanent';
  return 'transient';
}

/**
 * A SourceError for a non-2xx response. 429 takes its wait from `Retry-After`, or from a
 * `X-RateLimit-Reset` epoch-seconds header (Alpaca sends that one instead).
 */
export function errorForResponse(ctx: FailureContext, status: number, headers: Headers, body: string): SourceError {
  const kind = kindForStatus(status);
  const detail = errorDetail(body, ctx.secrets) || `HTTP ${status}`;
  const symbolText = ctx.symbol === undefined ? '' : ` for ${ctx.symbol}`;
  const details: ConstructorParameters<typeof SourceError>[3] = { status };
  if (ctx.symbol !== undefined) details.symbol = ctx.symbol;
  if (kind === 'rate_limited') {
    const retryAfterMs = retryAfterFromHeaders(headers);
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  }
  return new SourceError(ctx.source, kind, `HTTP ${status}${symbolText}: ${detail}`, details);
}

/**
 * A SourceError for a request that produced no response: our timeout, the caller's abort, a
 * refused or reset connection. All are worth retrying. Messages are redacted because fetch errors
 * can quote the URL, and Polygon's URL carries the key.
 */
export function errorForNetworkFailure(ctx: FailureContext, error: unknown, timeoutMs: number): SourceError {
  if (error instanceof SourceError) return error;
  const symbolText = ctx.symbol === undefined ? '' : ` for ${ctx.symbol}`;
  const details: ConstructorParameters<typeof SourceError>[3] = {};
  if (ctx.symbol !== undefined) details.symbol = ctx.symbol;
  const failure = describeNetworkError(error, timeoutMs, ctx.secrets);
  if (failure.kind === 'timeout') return new SourceError(ctx.source, 'transient', `request${symbolText} timed out after ${timeoutMs} ms`, details);
  if (failure.kind === 'aborted') return new SourceError(ctx.source, 'transient', `request${symbolText} was aborted`, details);
  return new SourceError(ctx.source, 'transient', `request${symbolText} failed: ${failure.detail}`, details);
}
