import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../src/index.ts';
import { WATCHDOG_GRACE_MS } from '../src/shutdown-watchdog.ts';

const fixture = fileURLToPath(new URL('./fixtures/sleepy-service.ts', import.meta.url));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEADLINE_MS = 2000;
// No upper bound in milliseconds is asserted (a loaded machine delays any timer): what holds the
// deadline is the watchdog, which kills the process WATCHDOG_GRACE_MS past it. So an exit with code 1
// and a 'shutdown complete' line prove the ordinary path ended the process before the watchdog had to.

let database: TestDatabase;
let connection: Redis;
let client: QueueClient;
const prefix = uniquePrefix();
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

async function waitFor<T>(step: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${step}: not reached within ${timeoutMs} ms`);
}

/** Starts the fixture with a job that outlives the deadline, signals it mid-job, and waits for the exit. */
async function signalMidJob(symbol: string, env: Record<string, string>) {
  const lines: Record<string, unknown>[] = [];
  const service = await spawnService(
    fixture,
    { DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: String(DEADLINE_MS), HEALTH_PORT: '0', LOG_LEVEL: 'info', ...env },
    (line) => {
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  );
  services.push(service);
  const { jobId } = await client.enqueue('features', { symbol, interval: '1h', source: 'synthetic', start: '2026-01-05T14:00:00.000Z', end: '2026-01-05T20:00:00.000Z' });
  await waitFor('job active', async () => ((await client.queue('features').getJob(jobId))?.progress === 50 ? true : undefined));
  const exited = once(service.child, 'exit');
  service.child.kill('SIGTERM');
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  return { code, signal, lines };
}

describe('the shutdown deadline (SHUTDOWN_TIMEOUT_MS) holds for the whole sequence', () => {
  it('exits with code 1 at the deadline when a job never ends', async () => {
    const { code, signal, lines } = await signalMidJob('NEVER', { FIXTURE_JOB_MS: '600000' });
    expect(signal).toBeNull();
    expect(code).toBe(1);
    const complete = lines.find((line) => line.msg === 'shutdown complete');
    expect(complete, 'the process logs its own elapsed shutdown time').toBeDefined();
    expect(complete!.elapsedMs as number, 'the drain waited for the deadline, not less').toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(lines.some((line) => line.msg === 'shutdown step missed the deadline' && line.step === 'drain workers')).toBe(true);
  });

  it('is enforced by the watchdog when the main thread is stuck in synchronous work', async () => {
    // 1.5 s chunks: the deadline timer of the main thread would fire up to 1.5 s late.
    const { code, signal, lines } = await signalMidJob('BUSY', { FIXTURE_JOB_MS: '600000', FIXTURE_BUSY_CHUNK_MS: '1500' });
    const complete = lines.find((line) => line.msg === 'shutdown complete');
    const watchdog = lines.find((line) => typeof line.msg === 'string' && line.msg.startsWith('shutdown deadline passed while the main thread was busy'));
    if (watchdog !== undefined) {
      expect(signal).toBe('SIGKILL');
      expect(watchdog.elapsedMs as number, 'the watchdog waits out the deadline and its grace').toBeGreaterThanOrEqual(DEADLINE_MS + WATCHDOG_GRACE_MS);
    } else {
      // The main thread happened to be free at the deadline: the ordinary path ended it in time.
      expect(code).toBe(1);
      expect(complete!.elapsedMs as number).toBeGreaterThanOrEqual(DEADLINE_MS);
    }
  });
});
