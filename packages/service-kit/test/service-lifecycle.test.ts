import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../src/index.ts';

const fixture = fileURLToPath(new URL('./fixtures/sleepy-service.ts', import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
let prefix: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  prefix = uniquePrefix();
  connection = createRedisConnection(redisUrl, 'producer');
  client = createQueueClient({ connection, prefix });
});

afterAll(async () => {
  for (const { child } of services) if (child.exitCode === null) child.kill('SIGKILL');
  await client.close();
  await obliteratePrefix(connection, prefix);
  await connection.quit();
  await database.drop();
});

function startService(jobMs: number) {
  return spawnService(fixture, {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    FIXTURE_JOB_MS: String(jobMs),
    SHUTDOWN_TIMEOUT_MS: '20000',
    HEALTH_PORT: '0',
    LOG_LEVEL: 'info',
  }).then((service) => {
    services.push(service);
    return service;
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

async function jobInState(jobId: string, states: string[]): Promise<Job | undefined> {
  const queue = client.queue('features');
  if (!states.includes(await queue.getJobState(jobId))) return undefined;
  // Read the job after its state: a snapshot taken before a job completes has no returnvalue.
  return queue.getJob(jobId);
}

function featuresJob(symbol: string) {
  return { symbol, interval: '1h' as const, source: 'synthetic' as const, start: '2026-01-05T14:00:00.000Z', end: '2026-01-05T20:00:00.000Z' };
}

describe('service lifecycle', () => {
  it('answers its health probe with its workers running', async () => {
    const service = await startService(10);
    const { healthPort } = service;
    const live = await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).json();
    expect(live).toMatchObject({ status: 'ok', service: 'sleepy-fixture', workers: [{ queue: 'features', running: true }] });
    const ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(await service.stop()).toBe(0);
  });

  it('finishes the job in flight when sent SIGTERM, then exits cleanly', async () => {
    const service = await startService(3000);
    const { jobId } = await client.enqueue('features', featuresJob('DRAIN'));
    await waitFor(async () => ((await jobInState(jobId, ['active']))?.progress === 50 ? true : undefined));

    const code = await service.stop();

    expect(code).toBe(0);
    const job = await jobInState(jobId, ['completed']);
    expect(job?.returnvalue).toEqual({ pid: service.pid, symbol: 'DRAIN' });
    expect(job?.attemptsMade).toBe(1);
  });

  it('hands a job whose worker was killed mid-job to another worker', async () => {
    const first = await startService(60_000);
    const { jobId } = await client.enqueue('features', featuresJob('KILLED'));
    await waitFor(async () => ((await jobInState(jobId, ['active']))?.progress === 50 ? true : undefined));

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const second = await startService(100);

    const job = await waitFor(() => jobInState(jobId, ['completed']), 30_000);
    expect(job.returnvalue).toEqual({ pid: second.pid, symbol: 'KILLED' });
    expect(await second.stop()).toBe(0);
  });
});
