/** How a job waits out 429s that say nothing about how long to wait (no Retry-After). */
export interface BackOffPolicy {
  /** The first pause; each further one doubles (SOURCE_RATE_LIMIT_BACKOFF_MS). */
  readonly firstMs: number;
  /** The most a job waits in total before it fails for good (SOURCE_RATE_LIMIT_GIVE_UP_MS). */
  readonly giveUpMs: number;
}

export type BackOffStep =
  | { readonly kind: 'pause'; readonly pauseMs: number }
  | { readonly kind: 'give_up'; readonly pausesMs: readonly number[]; readonly waitedMs: number };

/**
 * The next step after one more 429 without a hint, given the pauses the job already took: a pause
 * twice the last one (the first is `firstMs`), cut to what is left of `giveUpMs`; nothing left
 * means give up. The total wait therefore never exceeds `giveUpMs`.
 */
export function nextBackOff(pausesMs: readonly number[], policy: BackOffPolicy): BackOffStep {
  const waitedMs = pausesMs.reduce((sum, ms) => sum + ms, 0);
  const leftMs = policy.giveUpMs - waitedMs;
  if (leftMs <= 0) return { kind: 'give_up', pausesMs, waitedMs };
  const doubled = policy.firstMs * 2 ** Math.min(pausesMs.length, 40);
  return { kind: 'pause', pauseMs: Math.min(doubled, leftMs) };
}
