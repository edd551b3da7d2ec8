import type { Redis } from 'ioredis';

function untilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status === 'end') return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      resolve(ready);
    };
    const onReady = () => finish(true);
    const onEnd = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

/**
 * The server's `maxmemory-policy`, so a service can warn when it is not `noeviction` (Redis would
 * otherwise silently evict job keys under memory pressure). Managed Redis often refuses CONFIG, so
 * INFO is tried next; undefined when neither is allowed or Redis is not reachable in time.
 */
export async function redisEvictionPolicy(redis: Redis, readyTimeoutMs = 5_000): Promise<string | undefined> {
  // A producer connection has no offline queue, so asking before it is ready would just fail.
  if (!(await untilReady(redis, readyTimeoutMs))) return undefined;
  try {
    const reply = (await redis.call('CONFIG', 'GET', 'maxmemory-policy')) as unknown;
    if (Array.isArray(reply) && typeof reply[1] === 'string') return reply[1];
  } catch {
    // Fall through to INFO.
  }
  try {
    const info = await redis.info('memory');
    const match = /^maxmemory_policy:(\S+)/m.exec(info);
    return match?.[1];
  } catch {
    return undefined;
  }
}
