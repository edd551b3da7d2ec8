// The backtest service as a real process: a `backtest` job replays stored history and stores the
// run; a job the operation refuses (an unknown model) fails at once, without retries, with the reason.
import { getBacktestRun, upsertMarketData, writeFeatureColumns } from '@mltrading/db';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { computeFeatures, DEFAULT_MARKET_CALENDAR, FEATURE_VERSION } from '@mltrading/features';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { generateBars } from '@mltrading/synthetic-market';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BacktestJobResult } from '../src/index.ts';

const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DAY = 86_400_000;
const START = Date.UTC(2025, 2, 3);
const END = START + 60 * DAY;
let t: TestDatabase;
let redis: Redis;
let queues: QueueClient;
let service: ServiceProcess | undefined;
const prefix = uniquePrefix();

const payload = {
  symbols: ['SVA', 'SVB'],
  interval: '1h' as const,
  source: 'synthetic' as const,
  start: new Date(START).toISOString(),
  end: new Date(END).toISOString(),
  strategy: { kind: 'direction-threshold', params: { confidenceThreshold: 0.5, riskBudget: 200, allowShort: true } },
  model: { walkForward: { kind: 'logistic' as const, features: ['returns', 'rsi_1d'], trainSize: 100, retrainEvery: 50 } },
};

beforeAll(async () => {
  t = await createTestDatabase();
  redis = createRedisConnection(REDIS_URL, 'producer');
  queues = createQueueClient({ connection: redis, prefix });
  for (const symbol of payload.symbols) {
    const bars = generateBars(symbol, '1h', { start: START, end: END, now: END }, { seed: 5, predictability: 0.3 });
    await upsertMarketData(t.db, Array.from(bars.timestamp, (ts, i) => ({ symbol, source: 'synthetic', timestamp: new Date(ts), open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]! })));
    const { columns } = computeFeatures(bars, { calendar: DEFAULT_MARKET_CALENDAR });
    await writeFeatureColumns(t.db, { ...bars, symbol, source: 'synthetic', featureVersion: FEATURE_VERSION, correlationId: null, columns });
  }
  service = await spawnService(ENTRY, { NODE_ENV: 'test', DATABASE_URL: t.url, DATABASE_POOL_SIZE: '4', REDIS_URL, QUEUE_PREFIX: prefix, HEALTH_PORT: '0', LOG_LEVEL: 'info', SERVICE_NAME: 'backtest' }, () => {}, 90_000);
});
afterAll(async () => {
  await service?.stop();
  await queues?.close();
  if (redis) {
    await obliteratePrefix(redis, prefix);
    await redis.quit();
  }
  await t?.drop();
});

/** Polls the job until it completed or failed (deadline generous for a busy machine). */
async function settled(jobId: string, deadlineMs = 150_000): Promise<Job> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    // State first, then the job: read the other way round, a job finishing in between comes back
    // in its finished state with the data of its active self (no return value yet).
    const state = await queues.queue('backtest').getJobState(jobId);
    const job = state === 'completed' || state === 'failed' ? await queues.queue('backtest').getJob(jobId) : undefined;
    if (job !== undefined) return job;
    if (Date.now() > until) throw new Error(`backtest job ${jobId} not finished in ${deadlineMs} ms (state ${state})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

it('runs a backtest job and stores the run under the job correlation id', async () => {
  const { jobId, correlationId } = await queues.enqueue('backtest', payload);
  const job = await settled(jobId);
  expect(job.failedReason).toBeUndefined();
  const result = job.returnvalue as BacktestJobResult;
  expect(result.orders).toBeGreaterThan(0);
  const run = await getBacktestRun(t.db, result.runId);
  expect(run?.status).toBe('succeeded');
  expect(run?.correlation_id).toBe(correlationId);
  expect((run?.report as { strategy: { orders: number } }).strategy.orders).toBe(result.orders);
});

it('fails a job for an unknown model at once, without retries, with the reason', async () => {
  const { jobId } = await queues.enqueue('backtest', { ...payload, model: { modelId: 'no-such-model' } });
  const job = await settled(jobId);
  expect(await job.getState()).toBe('failed');
  expect(job.failedReason).toBe('backtest refused: unknown model no-such-model (see `mlt models`)');
  expect(job.attemptsMade).toBe(1);
});
