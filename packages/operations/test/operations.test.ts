import { upsertMarketData } from '@mltrading/db';
import { createTestDatabase, type TestDatabase } from '@mltrading/db/testing';
import { createQueueClient, createRedisConnection, type QueueClient } from '@mltrading/queues';
import { obliteratePrefix, uniquePrefix } from '@mltrading/queues/testing';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enqueueJob,
  findFlow,
  InvalidRequestError,
  jobProgress,
  NotFoundError,
  planBackfill,
  planFeaturesBackfill,
  queueStatus,
  refreshDashboard,
  sweepFeatures,
} from '../src/index.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let t: TestDatabase;
let connection: Redis;
let queues: QueueClient;
const prefix = uniquePrefix();

beforeAll(async () => {
  t = await createTestDatabase();
  connection = createRedisConnection(redisUrl, 'producer');
  queues = createQueueClient({ connection, prefix });
  const bar = (symbol: string, hour: number) => ({
    symbol,
    source: 'synthetic',
    timestamp: new Date(Date.UTC(2026, 2, 2, 14 + hour, 30)),
    open: 10,
    high: 11,
    low: 9,
    close: 10.5,
    volume: 1_000,
  });
  await upsertMarketData(t.db, [bar('OPA', 0), bar('OPA', 1), bar('OPB', 0)]);
});

afterAll(async () => {
  await queues?.close();
  if (connection) {
    await obliteratePrefix(connection, prefix);
    await connection.quit();
  }
  await t?.drop();
});

describe('enqueueJob', () => {
  it('refuses an unknown queue and an invalid payload with an InvalidRequestError', async () => {
    await expect(enqueueJob(queues, 'nope', {})).rejects.toThrow(new InvalidRequestError("unknown queue 'nope' (known: ingest, features, predict, execute, logs, train, backtest)"));
    const invalid = await enqueueJob(queues, 'ingest', { symbols: ['bad symbol!'] }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect((invalid as Error).message).toMatch(/^invalid ingest payload: .*is not a valid symbol/);
  });

  it('enqueues a valid payload under its deterministic id', async () => {
    const job = await enqueueJob(queues, 'ingest', { symbols: ['OPA'], source: 'synthetic', correlationId: 'ops-1' });
    expect(job.queue).toBe('ingest');
    expect(job.correlationId).toBe('ops-1');
    expect(await queues.queue('ingest').getJob(job.jobId)).toBeDefined();
  });
});

describe('planBackfill', () => {
  it('splits symbols into batches under one correlation id', () => {
    const payloads = planBackfill({ symbols: ['A', 'B', 'C', 'D', 'E'], batch: 2, start: '2026-01-01T00:00:00Z', correlationId: 'bf-1' });
    expect(payloads.map((p) => p.symbols)).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
    expect(new Set(payloads.map((p) => p.correlationId))).toEqual(new Set(['bf-1']));
  });

  it('refuses no symbols and a batch outside 1..2000', () => {
    const request = { symbols: ['A'], start: '2026-01-01T00:00:00Z', correlationId: 'bf-2' };
    expect(() => planBackfill({ ...request, symbols: [], batch: 1 })).toThrow(InvalidRequestError);
    expect(() => planBackfill({ ...request, batch: 0 })).toThrow(/batch must be an integer from 1 to 2000/);
    expect(() => planBackfill({ ...request, batch: 2.5 })).toThrow(InvalidRequestError);
    expect(() => planBackfill({ ...request, batch: 2001 })).toThrow(InvalidRequestError);
  });
});

describe('queue status and job progress', () => {
  it('counts pipeline queues, then every maintenance queue', async () => {
    const statuses = await queueStatus(connection, prefix);
    expect(statuses.map((s) => `${s.kind}:${s.queue}`)).toEqual([
      'pipeline:ingest',
      'pipeline:features',
      'pipeline:predict',
      'pipeline:execute',
      'pipeline:logs',
      'pipeline:train',
      'pipeline:backtest',
      'service:features-maintenance',
      'service:features-sweep',
      'service:log-sink-maintenance',
      'service:prediction-sweep',
      'service:prediction-retrain',
      'service:execution-reconcile',
    ]);
    expect(statuses[0]!.counts.waiting).toBeGreaterThanOrEqual(1);
  });

  it('reports waiting jobs as open, and failed or unknown jobs with their reason and flow', async () => {
    const { jobId } = await queues.enqueue('ingest', { symbols: ['OPB'], source: 'synthetic', correlationId: 'ops-2' });
    expect(await jobProgress(queues.queue('ingest'), [jobId, 'no-such-job'])).toEqual({
      open: [jobId],
      failed: [{ jobId: 'no-such-job', reason: 'the job is gone from the queue (removed before it completed)' }],
    });

    // A worker of this test's own prefix fails the job for good, as a handler refusing it would.
    const worker = new Worker(queues.queue('ingest').name, async () => {
      throw new UnrecoverableError('no bars for OPB');
    }, { connection: createRedisConnection(redisUrl, 'worker'), prefix });
    try {
      const deadline = Date.now() + 30_000;
      let progress = await jobProgress(queues.queue('ingest'), [jobId]);
      while (progress.open.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        progress = await jobProgress(queues.queue('ingest'), [jobId]);
      }
      expect(progress).toEqual({ open: [], failed: [{ jobId, reason: 'no bars for OPB', correlationId: 'ops-2' }] });
    } finally {
      await worker.close();
    }
  });
});

describe('features operations', () => {
  it('plans one features job per symbol over its stored bars, and names symbols without bars', async () => {
    const plan = await planFeaturesBackfill(t.db, { symbols: ['opa', 'NONE'], source: 'synthetic', interval: '1h' });
    expect(plan.missing).toEqual(['NONE']);
    expect(plan.payloads).toEqual([
      { symbol: 'OPA', interval: '1h', source: 'synthetic', start: '2026-03-02T14:30:00.000Z', end: '2026-03-02T15:30:00.001Z' },
    ]);
    expect((await planFeaturesBackfill(t.db, { source: 'synthetic', interval: '1h' })).payloads.map((p) => p.symbol)).toEqual(['OPA', 'OPB']);
    await expect(planFeaturesBackfill(t.db, { source: 'nasdaq', interval: '1h' })).rejects.toThrow(/--source must be one of/);
    await expect(planFeaturesBackfill(t.db, { source: 'synthetic', interval: '2h' })).rejects.toThrow(/--interval must be one of/);
  });

  it('sweeps symbols without feature state into features jobs', async () => {
    const result = await sweepFeatures({ config: { ingestInterval: '1h' }, db: t.db, queues }, { correlationId: 'sweep-ops' });
    expect(result.behind).toBe(2);
    expect(result.enqueued.map((j) => j.symbol)).toEqual(['OPA', 'OPB']);
    expect(result.enqueued[0]).toMatchObject({ start: '2026-03-02T14:30:00.000Z', end: '2026-03-02T16:30:00.000Z' });
  });

  it('refreshes the dashboard view and counts its symbols', async () => {
    expect((await refreshDashboard(t.db)).symbols).toBe(0);
  });
});

describe('findFlow', () => {
  it('is a NotFoundError for a correlation id no row carries', async () => {
    await expect(findFlow(t.db, 'no-such-flow')).rejects.toThrow(new NotFoundError('no rows carry correlation id no-such-flow'));
  });
});
