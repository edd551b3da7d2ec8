import type { Redis } from 'ioredis';

/**
 * The server's `maxmemory-policy`, so a service can warn when it is not `noeviction` (Redis would
 * otherwise silently evict job keys under memory pressure). Managed Redis often refuses CONFIG, so
 * INFO is tried next; undefined when neither is allowed.
 */
export async function redisEvictionPolicy(redis: Redis): Promise<string | undefined> {
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
