/**
 * What a source failure means for the job: `rate_limited` pauses that source (retryAfterMs),
 * `transient` retries with backoff, `permanent` (unknown or delisted symbol, bad credentials,
 * a request that can never succeed) fails the job without retries.
 */
export type SourceErrorKind = 'rate_limited' | 'transient' | 'permanent';

export class SourceError extends Error {
  override readonly name = 'SourceError';

  constructor(
    readonly source: string,
    readonly kind: SourceErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; symbol?: string; cause?: unknown } = {},
  ) {
    super(`${source}: ${message}`, { cause: details.cause });
  }
}
