import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

const MAX_RECONNECT_DELAY_MS = 20_000;

/** Capped exponential backoff with jitter, so a fleet of workers does not reconnect in lockstep. */
export function reconnectDelay(attempt: number): number {
  const base = Math.min(MAX_RECONNECT_DELAY_MS, 200 * 2 ** Math.min(attempt, 16));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * An ioredis client configured per BullMQ's production guide.
 * - worker: `maxRetriesPerRequest: null` (BullMQ requires it for blocking commands) and an offline
 *   queue, so a worker waits out a Redis outage and resumes instead of crashing.
 * - producer: fails fast (`enableOfflineQueue: false`, one retry, short connect timeout) so an HTTP
 *   request or an upstream caller gets an error instead of hanging while Redis is down.
 * Both reconnect forever with capped backoff, and reconnect on READONLY (a failover demoted the node).
 */
export function createRedisConnection(url: string, role: RedisRole, overrides: RedisOptions = {}): Redis {
  const common: RedisOptions = {
    retryStrategy: reconnectDelay,
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
    connectionName: `mlt-${role}`,
  };
  const roleOptions: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableOfflineQueue: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 };
  return new Redis(url, { ...common, ...roleOptions, ...overrides });
}
