import type { Redis } from 'ioredis';
import { createRedisConnection } from '../src/index.ts';
import { obliteratePrefix, uniquePrefix } from '../src/testing/index.ts';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** One isolated prefix and the connections a test file needs, torn down with its keys. */
export function redisFixture(): { prefix: string; producer: Redis; worker: Redis; teardown: () => Promise<void> } {
  const prefix = uniquePrefix();
  const producer = createRedisConnection(REDIS_URL, 'producer');
  const worker = createRedisConnection(REDIS_URL, 'worker');
  return {
    prefix,
    producer,
    worker,
    async teardown() {
      await obliteratePrefix(worker, prefix);
      await Promise.all([producer.quit(), worker.quit()]);
    },
  };
}
