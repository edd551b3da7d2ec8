import type { Logger } from 'pino';

export type Dependency = 'PostgreSQL' | 'Redis';

export interface DependencyCheck {
  readonly name: Dependency;
  /** Resolves when the dependency answers; rejects with the reason it does not. */
  readonly probe: () => Promise<unknown>;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

/** Capped exponential backoff between start-up checks: quick when a server is just starting, calm when it is down. */
export function startupRetryDelay(attempt: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt, 10));
}

/**
 * Waits until every dependency answers, one after the other, saying which one it waits for and
 * why. A service that took jobs before its database answers would only burn their attempts.
 * Returns false when `stopped()` turned true meanwhile (a shutdown during the wait).
 */
export async function waitForDependencies(
  checks: readonly DependencyCheck[],
  logger: Logger,
  options: { stopped: () => boolean; onWaiting: (dependency: Dependency | undefined) => void; extra?: Record<string, unknown> },
): Promise<boolean> {
  for (const { name, probe } of checks) {
    options.onWaiting(name);
    for (let attempt = 0; ; attempt += 1) {
      if (options.stopped()) return false;
      try {
        await probe();
        if (attempt > 0) logger.info({ dependency: name, attempts: attempt + 1 }, `${name} answers`);
        break;
      } catch (error) {
        const retryInMs = startupRetryDelay(attempt);
        logger.warn(
          { dependency: name, attempt: attempt + 1, retryInMs, reason: error instanceof Error ? error.message : String(error), ...options.extra },
          `waiting for ${name} before taking jobs`,
        );
        await new Promise((resolve) => setTimeout(resolve, retryInMs));
      }
    }
  }
  options.onWaiting(undefined);
  return !options.stopped();
}

/** Rejects when `promise` has not settled within `ms` (a dependency that accepts but never answers). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
