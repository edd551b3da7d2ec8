import type { Redis } from 'ioredis';
import { SourceError } from '../sources/source-error.ts';
import { nextBackOff, type BackOffPolicy, type BackOffStep } from './rate-limit-backoff.ts';

/**
 * Per-source request limits and pauses, kept in Redis so every ingestion worker (process or
 * replica) shares them. A 429 pauses only the source that sent it; other sources go on.
 */
export class SourceThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Requests per second per source; a source not listed is not limited (synthetic, csv). */
    private readonly limits: Readonly<Record<string, number>>,
  ) {}

  /** Milliseconds the source stays paused, 0 when it is not paused. */
  async pausedFor(source: string): Promise<number> {
    const ttl = await this.redis.pttl(this.pauseKey(source));
    return ttl > 0 ? ttl : 0;
  }

  /** Pauses the source for `ms`, never shortening a longer pause already set. */
  async pause(source: string, ms: number): Promise<void> {
    const key = this.pauseKey(source);
    const current = await this.redis.pttl(key);
    if (current < ms) await this.redis.set(key, String(Date.now() + ms), 'PX', Math.max(1, Math.ceil(ms)));
  }

  /**
   * Waits until a request to the source is allowed by its limit (fixed windows shared in Redis).
   * While the source is paused it throws `rate_limited` instead: a 429 seen by any worker stops
   * every worker's requests mid-job, and their jobs store what they have and wait it out.
   */
  async acquire(source: string): Promise<void> {
    const limit = this.limits[source];
    if (limit === undefined) return this.refuseWhilePaused(source, await this.pausedFor(source));
    // Below one request per second the window grows so that it still allows a whole request.
    const windowMs = Math.max(1000, Math.ceil(1000 / limit));
    const allowed = Math.max(1, Math.floor((limit * windowMs) / 1000));
    for (;;) {
      const window = Math.floor(Date.now() / windowMs);
      const key = `${this.prefix}:source-rate:${source}:${window}`;
      const replies = (await this.redis.multi().pttl(this.pauseKey(source)).incr(key).pexpire(key, windowMs * 2).exec()) as [unknown, number][];
      this.refuseWhilePaused(source, replies[0]![1]);
      if (replies[1]![1] <= allowed) return;
      await sleep((window + 1) * windowMs - Date.now());
    }
  }

  /**
   * One more 429 without Retry-After for a job: records the pause it takes (kept in Redis, so the
   * job's later runs, on any worker, continue the sequence) and returns it, or `give_up` with the
   * pauses taken once the policy's total is used up.
   */
  async backOff(jobKey: string, policy: BackOffPolicy): Promise<BackOffStep> {
    const key = this.backOffKey(jobKey);
    const taken = (await this.redis.lrange(key, 0, -1)).map(Number);
    const step = nextBackOff(taken, policy);
    if (step.kind === 'pause') {
      // Outlives the longest sequence: a job delayed all the way still finds its pauses.
      await this.redis.multi().rpush(key, String(step.pauseMs)).pexpire(key, policy.giveUpMs * 2 + 86_400_000).exec();
    }
    return step;
  }

  /** Forgets a job's pauses (it completed or failed for good). */
  async clearBackOff(jobKey: string): Promise<void> {
    await this.redis.del(this.backOffKey(jobKey));
  }

  private backOffKey(jobKey: string): string {
    return `${this.prefix}:source-backoff:${jobKey}`;
  }

  private refuseWhilePaused(source: string, pausedMs: number): void {
    if (pausedMs > 0) {
      throw new SourceError(source, 'rate_limited', `paused after a 429, ${pausedMs} ms left`, { retryAfterMs: pausedMs });
    }
  }

  private pauseKey(source: string): string {
    return `${this.prefix}:source-paused:${source}`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
