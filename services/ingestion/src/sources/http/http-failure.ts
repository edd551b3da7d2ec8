import { SourceError, type SourceErrorKind } from '../source-error.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface FailureContext {
  readonly source: string;
  readonly symbol?: string;
  /** Values that must never appear in an error message (API keys). */
  readonly secrets?: readonly (string | undefined)[];
}

const MAX_DETAIL_CHARS = 300;

/** Removes every secret from text taken from a response or an exception before it goes into an error. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret !== '') out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** A short, key-free excerpt of a response body for an error message. */
export function bodyExcerpt(body: string, secrets: readonly (string | undefined)[] = []): string {
  const oneLine = redact(body, secrets).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL_CHARS ? `${oneLine.slice(0, MAX_DETAIL_CHARS)}…` : oneLine;
}

/**
 * The provider's own explanation from a JSON error body (`message`, `error`, or Yahoo's nested
 * `{ chart: { error: { description } } }`), else the raw excerpt.
 */
export function errorDetail(body: string, secrets: readonly (string | undefined)[] = []): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const found = findMessage(parsed, 0);
    if (found !== undefined) return bodyExcerpt(found, secrets);
  } catch {
    // Not JSON: the excerpt below is all there is.
  }
  return bodyExcerpt(body, secrets);
}

function findMessage(value: unknown, depth: number): string | undefined {
  if (depth > 3 || value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['message', 'description', 'error']) {
    const candidate = record[key];
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  for (const nested of Object.values(record)) {
    const found = findMessage(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
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
 * The wait a 429 asks for, or undefined when it gives no usable hint (no or an unreadable
 * `Retry-After`, no `X-RateLimit-Reset`): the job then backs off on its own, with growing pauses
 * and a limit (SOURCE_RATE_LIMIT_BACKOFF_MS, SOURCE_RATE_LIMIT_GIVE_UP_MS).
 */
export function retryAfterFromHeaders(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const ms = parseRetryAfter(retryAfter, now, Number.NaN);
    if (!Number.isNaN(ms)) return ms;
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) {
    return Math.max(0, Number(reset.trim()) * 1000 - now);
  }
  return undefined;
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
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') {
    return new SourceError(ctx.source, 'transient', `request${symbolText} timed out after ${timeoutMs} ms`, details);
  }
  if (name === 'AbortError') {
    return new SourceError(ctx.source, 'transient', `request${symbolText} was aborted`, details);
  }
  const message = error instanceof Error ? describeCause(error) : String(error);
  return new SourceError(ctx.source, 'transient', `request${symbolText} failed: ${redact(message, ctx.secrets)}`, details);
}

/** undici reports `fetch failed` and hides the useful part (ECONNRESET, ECONNREFUSED) in `cause`. */
function describeCause(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return error.message;
}
