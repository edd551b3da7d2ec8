import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createDb, databaseNameOf, ensureDatabase, migrateToLatest } from '@mltrading/db';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../src/index.ts';

const fixture = fileURLToPath(new URL('./fixtures/sleepy-service.ts', import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = uniquePrefix();
let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  connection = createRedisConnection(redisUrl, 'producer');
  client = createQueueClient({ connection, prefix });
});

afterAll(async () => {
  for (const { child } of services) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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

type Line = Record<string, unknown> & { msg?: string };
const parse = (line: string): Line | undefined => (line.startsWith('{') ? (JSON.parse(line) as Line) : undefined);

function featuresJob(symbol: string) {
  return { symbol, interval: '1h' as const, source: 'synthetic' as const, start: '2026-01-05T14:00:00.000Z', end: '2026-01-05T20:00:00.000Z' };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a service starts taking jobs only when it can work', () => {
  it('waits for a database that does not exist yet (alive, not ready, no job taken), then starts once it is created and migrated', async () => {
    const url = new URL(database.url);
    url.pathname = `/${databaseNameOf(database.url)}_later`;
    const lines: Line[] = [];
    const { jobId } = await client.enqueue('features', featuresJob('LATER'));
    const starting = spawnService(
      fixture,
      { DATABASE_URL: url.toString(), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, FIXTURE_JOB_MS: '10', HEALTH_PORT: '0', LOG_LEVEL: 'info' },
      (line) => {
        const parsed = parse(line);
        if (parsed) lines.push(parsed);
      },
      60_000,
    );
    try {
      const waiting = await waitFor('the service says it waits for PostgreSQL', async () =>
        lines.find((line) => line.msg === 'waiting for PostgreSQL before taking jobs'),
      );
      expect(waiting.reason).toContain('does not exist');
      const port = waiting.healthPort as number;
      const live = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ status: 'ok', phase: 'starting', waitingFor: 'PostgreSQL', workers: [{ queue: 'features', running: false }] });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', phase: 'starting', waitingFor: 'PostgreSQL' });
      // Several attempts go by and the job is not touched.
      await waitFor('a second attempt', async () => (lines.filter((line) => line.msg === 'waiting for PostgreSQL before taking jobs').length >= 2 ? true : undefined));
      expect(await client.queue('features').getJobState(jobId)).toBe('waiting');

      await ensureDatabase(url.toString());
      const db = createDb(url.toString(), { poolSize: 1 });
      await migrateToLatest(db);
      await db.destroy();

      const service = await starting;
      services.push(service);
      const job = await waitFor('the job completes', async () => ((await client.queue('features').getJobState(jobId)) === 'completed' ? client.queue('features').getJob(jobId) : undefined));
      expect(job?.attemptsMade).toBe(1);
      expect(lines.some((line) => line.msg === 'PostgreSQL answers')).toBe(true);
      expect((await fetch(`http://127.0.0.1:${service.healthPort}/readyz`)).status).toBe(200);
      expect(await service.stop()).toBe(0);
    } finally {
      await sql`DROP DATABASE IF EXISTS ${sql.id(databaseNameOf(url.toString()))} WITH (FORCE)`.execute(database.db);
    }
  });

  describe('on a Redis whose maxmemory-policy evicts keys', () => {
    let redisServer: ChildProcess;
    let evictingUrl: string;

    beforeAll(async () => {
      const port = await freePort();
      redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      evictingUrl = `redis://127.0.0.1:${port}`;
      const admin = new Redis(evictingUrl, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 0 });
      admin.on('error', () => {});
      await waitFor('the test redis-server answers', async () => ((await admin.ping().catch(() => undefined)) === 'PONG' ? true : undefined));
      await admin.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
      admin.disconnect();
    });

    afterAll(async () => {
      if (redisServer.exitCode === null && redisServer.signalCode === null) {
        const exited = once(redisServer, 'exit');
        redisServer.kill('SIGTERM');
        await exited;
      }
    });

    it('refuses to start with a clear error', async () => {
      const lines: Line[] = [];
      const attempt = spawnService(fixture, { DATABASE_URL: database.url, REDIS_URL: evictingUrl, QUEUE_PREFIX: prefix, HEALTH_PORT: '0', LOG_LEVEL: 'info' }, (line) => {
        const parsed = parse(line);
        if (parsed) lines.push(parsed);
      });
      await expect(attempt).rejects.toThrow(/exited with 1 before it started/);
      const fatal = lines.find((line) => line.level === 'fatal');
      expect(fatal?.msg).toBe(
        "refusing to start: Redis maxmemory-policy is 'allkeys-lru', not 'noeviction': under memory pressure Redis would evict queued jobs (lost work). Set 'maxmemory-policy noeviction' on the Redis server, or REDIS_ALLOW_EVICTION=true to start anyway",
      );
      expect(lines.some((line) => line.msg === 'service started')).toBe(false);
    });

    it('starts, with a warning, when REDIS_ALLOW_EVICTION=true', async () => {
      const lines: Line[] = [];
      const service = await spawnService(
        fixture,
        { DATABASE_URL: database.url, REDIS_URL: evictingUrl, QUEUE_PREFIX: prefix, HEALTH_PORT: '0', LOG_LEVEL: 'info', REDIS_ALLOW_EVICTION: 'true' },
        (line) => {
          const parsed = parse(line);
          if (parsed) lines.push(parsed);
        },
      );
      services.push(service);
      expect(lines.find((line) => line.maxmemoryPolicy === 'allkeys-lru')?.msg).toContain('starting anyway because REDIS_ALLOW_EVICTION is set');
      expect(await service.stop()).toBe(0);
    });
  });
});
