import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { saveFeatureEngineState, writeFeatureColumns, type Database } from '@mltrading/db';
import { computeFeatures, DEFAULT_MARKET_CALENDAR, FEATURE_VERSION } from '@mltrading/features';
import { createQueueClient, createRedisConnection, type QueueClient, type QueueName } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { generateBars } from '@mltrading/synthetic-market';
import { QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import pino from 'pino';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface Harness {
  t: TestDatabase;
  prefix: string;
  redis: Redis;
  producer: Redis;
  queues: QueueClient;
  events: Partial<Record<QueueName, QueueEvents>>;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** A fresh database, a unique queue prefix, a producer and the env a service needs to use them. */
export async function createHarness(extraEnv: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const t = await createTestDatabase();
  const prefix = uniquePrefix();
  const redis = createRedisConnection(REDIS_URL, 'worker');
  const producer = createRedisConnection(REDIS_URL, 'producer');
  const queues = createQueueClient({ connection: producer, prefix });
  const events: Harness['events'] = {};
  for (const name of ['train', 'predict'] as const) {
    events[name] = new QueueEvents(name, { connection: redis.duplicate(), prefix });
    await events[name].waitUntilReady();
  }
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: t.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '6',
    ...extraEnv,
  };
  return {
    t,
    prefix,
    redis,
    producer,
    queues,
    events,
    env,
    async close() {
      for (const e of Object.values(events)) await e.close();
      await queues.close();
      await obliteratePrefix(redis, prefix);
      await redis.quit();
      await producer.quit();
      await t.drop();
    },
  };
}

/**
 * Synthetic hourly session bars of each symbol over `days` before `now`, run through the v3.0
 * engine and stored as feature rows (source `synthetic`), with an engine state at 1h. `predictability`
 * is the synthetic market's AR(1) coefficient of the intrabar return: the planted, learnable edge
 * (0 = no edge).
 */
export async function seedFeatures(
  db: Kysely<Database>,
  symbols: readonly string[],
  { days, now, seed, predictability }: { days: number; now: number; seed: number; predictability: number },
): Promise<Map<string, Float64Array>> {
  const times = new Map<string, Float64Array>();
  for (const symbol of symbols) {
    const bars = generateBars(symbol, '1h', { start: now - days * DAY, end: now, now }, { seed, predictability });
    const { columns } = computeFeatures(bars, { calendar: DEFAULT_MARKET_CALENDAR });
    await writeFeatureColumns(db, {
      symbol,
      source: 'synthetic',
      featureVersion: FEATURE_VERSION,
      correlationId: null,
      timestamp: bars.timestamp,
      open: bars.open,
      high: bars.high,
      low: bars.low,
      close: bars.close,
      volume: bars.volume,
      columns,
    });
    const n = bars.timestamp.length;
    await saveFeatureEngineState(db, { symbol, source: 'synthetic', interval: '1h', lastTimestamp: new Date(bars.timestamp[n - 1]!), barsSeen: n, state: {} });
    times.set(symbol, bars.timestamp);
  }
  return times;
}

/** Waits for a job to finish (completed or failed) and returns it re-read. */
export async function finished(h: Harness, queue: 'train' | 'predict', jobId: string, timeoutMs = 300_000): Promise<Job> {
  const q = h.queues.queue(queue);
  const job = await q.getJob(jobId);
  if (!job) throw new Error(`no ${queue} job ${jobId}`);
  await job.waitUntilFinished(h.events[queue]!, timeoutMs).catch(() => undefined);
  return (await q.getJob(jobId))!;
}

/** A logger whose lines are kept (JSON objects) for assertions. */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

export const iso = (ms: number) => new Date(ms).toISOString();
