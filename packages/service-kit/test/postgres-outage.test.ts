import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../src/index.ts';
import { TcpProxy } from './support/tcp-proxy.ts';

const fixture = fileURLToPath(new URL('./fixtures/db-query-service.ts', import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = uniquePrefix();
let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
let service: ServiceProcess | undefined;
const exits: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  connection = createRedisConnection(redisUrl, 'producer');
  client = createQueueClient({ connection, prefix });
});

afterEach(() => {
  if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
  service = undefined;
});

afterAll(async () => {
  await client.close();
  await obliteratePrefix(connection, prefix);
  await connection.quit();
  await database.drop();
});

async function waitFor<T>(step: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${step}: not reached within ${timeoutMs} ms`);
}

const lines: string[] = [];
const DELAYED = 'database or Redis unavailable: job delayed without spending an attempt';

async function start(databaseUrl: string): Promise<ServiceProcess> {
  lines.length = 0;
  const started = await spawnService(fixture, { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, HEALTH_PORT: '0', LOG_LEVEL: 'info' }, (line) => lines.push(line));
  let stopping = false;
  started.child.once('exit', (code, signal) => {
    if (!stopping) exits.push(`exit ${code} ${signal}: ${lines.slice(-5).join('\n')}`);
  });
  return {
    ...started,
    stop: () => {
      stopping = true;
      return started.stop();
    },
  };
}

function featuresJob(symbol: string) {
  return { symbol, interval: '1h' as const, source: 'synthetic' as const, start: '2026-01-05T14:00:00.000Z', end: '2026-01-05T20:00:00.000Z' };
}

/** The backend pid of the fixture's long query, once it runs. */
async function sleepingBackend(): Promise<number | undefined> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity
    WHERE query LIKE '%db-query-fixture%' AND query NOT LIKE '%pg_stat_activity%' AND state = 'active'`.execute(database.db);
  return rows[0]?.pid;
}

async function completed(jobId: string): Promise<Job | undefined> {
  const queue = client.queue('features');
  return (await queue.getJobState(jobId)) === 'completed' ? queue.getJob(jobId) : undefined;
}

async function readyStatus(port: number): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
  } catch (error) {
    throw new Error(`/readyz did not answer; exits: ${exits.join("; ")}`, { cause: error });
  }
}

describe('a service whose PostgreSQL connection dies under a running query', () => {
  it('survives pg_terminate_backend of its busy connection; the job waits without spending an attempt and completes', async () => {
    service = await start(database.url);
    const { jobId } = await client.enqueue('features', featuresJob('TERMINATED'));
    const pid = await waitFor('the long query runs', sleepingBackend);

    await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);

    const job = await waitFor('the job completes on a retry', () => completed(jobId));
    expect(job.returnvalue).toEqual({ pid: service.pid, symbol: 'TERMINATED', attempt: 1, runs: 2 });
    expect(job.attemptsMade).toBe(1);
    expect(lines.some((line) => line.includes(DELAYED))).toBe(true);
    expect(exits, 'the service process must not exit').toEqual([]);
    expect(await readyStatus(service.healthPort)).toBe(200);
    expect(await service.stop()).toBe(0);
  });

  it('survives its connection being cut mid-query; /readyz reports the outage; an outage longer than all its attempts spends none, and the job completes after recovery', async () => {
    const server = new URL(database.url);
    const proxy = new TcpProxy(server.hostname, Number(server.port || 5432));
    await proxy.start();
    try {
      const viaProxy = new URL(database.url);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      service = await start(viaProxy.toString());
      // Two attempts 200 ms apart: without waiting out the outage, the job would fail for good in it.
      const { jobId } = await client.enqueue('features', featuresJob('CUT'), { attempts: 2, backoff: { type: 'fixed', delay: 200 } });
      await waitFor('the long query runs', sleepingBackend);

      await proxy.stop();
      await waitFor('/readyz reports the outage', async () => ((await readyStatus(service!.healthPort)) === 503 ? true : undefined));
      expect(service.child.exitCode, 'the service process must not exit').toBeNull();
      // The job ran into the outage three times (cut, then refused twice), each time set back as delayed.
      await waitFor('three runs set back by the outage', async () => (lines.filter((line) => line.includes(DELAYED)).length >= 3 ? true : undefined), 60_000);
      await waitFor('the job waits as delayed', async () => ((await client.queue('features').getJobState(jobId)) === 'delayed' ? true : undefined));

      await proxy.start();
      const job = await waitFor('the job completes after recovery', () => completed(jobId), 60_000);
      expect(job.returnvalue).toMatchObject({ pid: service.pid, symbol: 'CUT', attempt: 1 });
      expect(job.attemptsMade).toBe(1);
      await waitFor('/readyz is ready again', async () => ((await readyStatus(service!.healthPort)) === 200 ? true : undefined));
      expect(exits, 'the service process must not exit').toEqual([]);
      expect(await service.stop()).toBe(0);
    } finally {
      await proxy.stop();
    }
  });
});
