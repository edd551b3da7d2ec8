import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../src/index.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

const fixture = fileURLToPath(new URL('./fixtures/sleepy-service.ts', import.meta.url));
const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = uniquePrefix();
let database: TestDatabase;
let admin: Redis;
let client: QueueClient;
let service: ServiceProcess | undefined;
const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  admin = createRedisConnection(redisUrl.toString(), 'producer');
  client = createQueueClient({ connection: admin, prefix });
  await proxy.start();
});

afterAll(async () => {
  if (service && service.child.exitCode === null) service.child.kill('SIGKILL');
  await proxy.stop();
  await client.close();
  await obliteratePrefix(admin, prefix);
  await admin.quit();
  await database.drop();
});

type Health = { status: string; logShipping: { state: string; buffered: number; shipped: number; dropped: number } };

async function health(port: number): Promise<Health> {
  return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

describe('a service while Redis is unreachable', () => {
  it('stays alive and answers health, buffers its log records, and ships them once Redis is back', async () => {
    service = await spawnService(fixture, {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      QUEUE_PREFIX: prefix,
      FIXTURE_JOB_MS: '10',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
    });
    const port = service.healthPort;
    await waitFor(async () => ((await health(port)).logShipping.shipped > 0 ? true : undefined));

    await proxy.stop();
    // The service logs its connection errors; they cannot be shipped, so they wait in the buffer.
    const during = await waitFor(async () => {
      const report = await health(port);
      return report.logShipping.buffered > 0 && report.logShipping.state === 'retrying' ? report : undefined;
    });
    expect(during.status).toBe('ok');
    expect(service.child.exitCode).toBeNull();

    await proxy.start();
    const after = await waitFor(async () => {
      const report = await health(port);
      return report.logShipping.buffered === 0 && report.logShipping.state === 'ok' ? report : undefined;
    });
    expect(after.logShipping.dropped).toBe(0);
    expect(after.logShipping.shipped).toBeGreaterThan(during.logShipping.shipped);
    // The records of the outage are on the logs queue, with the shipper's "resumed" not among them
    // (its own diagnostics are stdout-only).
    const jobs = await client.queue('logs').getJobs(['waiting', 'completed', 'active'], 0, -1, true);
    const messages = jobs.flatMap((job) => job.data.records).map((r) => ('message' in r ? r.message : ''));
    expect(messages).toContain('redis connection error (worker)');
    expect(messages).not.toContain('log shipping resumed');

    // And the service works again: a job put on its queue now is processed.
    const { jobId } = await client.enqueue('features', { symbol: 'AFTER', interval: '1h', source: 'synthetic', start: '2026-01-05T14:00:00.000Z', end: '2026-01-05T20:00:00.000Z' });
    await waitFor(async () => ((await (await client.queue('features').getJob(jobId))?.isCompleted()) ? true : undefined));
    expect(await service.stop()).toBe(0);
  });
});
