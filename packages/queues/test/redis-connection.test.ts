import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisConnection, reconnectDelay, redisEvictionPolicy } from '../src/index.ts';
import { obliteratePrefix, uniquePrefix } from '../src/testing/index.ts';
import { REDIS_URL } from './redis-fixture.ts';

const worker = createRedisConnection(REDIS_URL, 'worker');
const producer = createRedisConnection(REDIS_URL, 'producer');

afterAll(async () => {
  await Promise.all([worker.quit(), producer.quit()]);
});

describe('createRedisConnection', () => {
  it('configures workers to wait out outages and producers to fail fast', () => {
    expect(worker.options.maxRetriesPerRequest).toBeNull();
    expect(worker.options.enableOfflineQueue).toBe(true);
    expect(producer.options.maxRetriesPerRequest).toBe(1);
    expect(producer.options.enableOfflineQueue).toBe(false);
    expect(producer.options.connectTimeout).toBe(5000);
  });

  it('backs off exponentially up to a cap', () => {
    expect(reconnectDelay(1)).toBeLessThanOrEqual(400);
    for (let attempt = 1; attempt < 100; attempt += 1) {
      expect(reconnectDelay(attempt)).toBeGreaterThan(0);
      expect(reconnectDelay(attempt)).toBeLessThanOrEqual(20_000);
    }
  });

  it('fails a producer command quickly when Redis is unreachable', async () => {
    const dead = createRedisConnection('redis://127.0.0.1:1', 'producer', { retryStrategy: () => null });
    dead.on('error', () => undefined);
    const started = Date.now();
    await expect(dead.ping()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    dead.disconnect();
  });
});

describe('redisEvictionPolicy', () => {
  it('reads maxmemory-policy from the server', async () => {
    const policy = await redisEvictionPolicy(producer);
    expect(typeof policy).toBe('string');
    expect(policy).toMatch(/^(noeviction|allkeys-|volatile-)/);
  });
});

describe('testing helpers', () => {
  it('uniquePrefix is distinct and obliteratePrefix removes only that prefix', async () => {
    const mine = uniquePrefix();
    const other = uniquePrefix();
    expect(mine).toMatch(/^mlt-test-[0-9a-f]{12}$/);
    expect(mine).not.toBe(other);
    const a = new Queue('ingest', { connection: producer, prefix: mine });
    const b = new Queue('ingest', { connection: producer, prefix: other });
    try {
      await a.add('ingest', { x: 1 });
      await b.add('ingest', { x: 1 });
      expect(await obliteratePrefix(worker, mine)).toBeGreaterThan(0);
      expect(await worker.keys(`${mine}:*`)).toEqual([]);
      expect((await worker.keys(`${other}:*`)).length).toBeGreaterThan(0);
    } finally {
      await obliteratePrefix(worker, other);
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses to wipe the production prefix', async () => {
    await expect(obliteratePrefix(worker, 'mlt')).rejects.toThrow(/refusing/);
  });
});
