import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { loadBarColumns, upsertMarketData, type Database, type MarketBarColumns } from '@mltrading/db';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { generateBars } from '@mltrading/synthetic-market';
import { QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const HOUR = 3_600_000;

export interface Harness {
  t: TestDatabase;
  prefix: string;
  redis: Redis;
  producer: Redis;
  queues: QueueClient;
  events: { features: QueueEvents };
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
  const features = new QueueEvents('features', { connection: redis.duplicate(), prefix });
  await features.waitUntilReady();
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: t.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_POOL_SIZE: '6',
    ...extraEnv,
  };
  return {
    t,
    prefix,
    redis,
    producer,
    queues,
    events: { features },
    env,
    async close() {
      await features.close();
      await queues.close();
      await obliteratePrefix(redis, prefix);
      await redis.quit();
      await producer.quit();
      await t.drop();
    },
  };
}

/** Synthetic session bars of one symbol ending before `now`, stored in market_data. */
export async function seedSymbol(
  db: Kysely<Database>,
  symbol: string,
  { days = 60, now = Date.now(), source = 'synthetic', seed = 7 }: { days?: number; now?: number; source?: string; seed?: number } = {},
): Promise<MarketBarColumns> {
  const bars = generateBars(symbol, '1h', { start: now - days * 24 * HOUR, end: now, now }, { seed });
  await storeBars(db, symbol, bars, source);
  return loadBarColumns(db, { symbol, source });
}

export async function storeBars(db: Kysely<Database>, symbol: string, bars: MarketBarColumns, source = 'synthetic', from = 0, to = bars.timestamp.length) {
  const rows = [];
  for (let i = from; i < to; i++) {
    rows.push({
      symbol,
      source,
      timestamp: new Date(bars.timestamp[i]!),
      open: bars.open[i]!,
      high: bars.high[i]!,
      low: bars.low[i]!,
      close: bars.close[i]!,
      volume: bars.volume[i]!,
    });
  }
  await upsertMarketData(db, rows);
}

/** Waits for a job to finish and returns it (re-read so returnvalue and attemptsMade are current). */
export async function finished(h: Harness, jobId: string, timeoutMs = 60_000): Promise<Job> {
  const queue = h.queues.queue('features');
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  await job.waitUntilFinished(h.events.features, timeoutMs).catch(() => undefined);
  return (await queue.getJob(jobId))!;
}

export const iso = (ms: number) => new Date(ms).toISOString();
