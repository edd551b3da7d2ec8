// The features sweep: bars that reached market_data without a `features` hand-off (or whose job
// Redis lost) are found by one query and enqueued again; two service replicas in-process share
// one sweep schedule.
import { loadFeatureEngineeringConfig, type FeatureEngineeringConfig } from '@mltrading/config';
import { loadBarColumns } from '@mltrading/db';
import { runService, type RunningService } from '@mltrading/service-kit';
import { generateBars } from '@mltrading/synthetic-market';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepFeatures } from '@mltrading/operations';
import { featureWorkers, featuresSweepTask, SWEEP_QUEUE, SWEEP_SCHEDULER_ID, type FeaturesJobResult, type FeaturesSweepSummary } from '../src/index.ts';
import { mismatchesAgainstFullRecompute, storedFeatureRows } from './support/compare.ts';
import { createHarness, finished, HOUR, iso, seedSymbol, storeBars, type Harness } from './support/fixtures.ts';

let h: Harness;
const replicas: RunningService<FeatureEngineeringConfig>[] = [];
const NOW = Date.UTC(2026, 10, 27, 21, 0);
const DAYS = 30;
const HELD_BACK = 15;

beforeAll(async () => {
  h = await createHarness({ LOG_LEVEL: 'warn' });
  for (const name of ['fe-sweep-a', 'fe-sweep-b']) {
    replicas.push(await runService({ name, config: loadFeatureEngineeringConfig, workers: featureWorkers(), tasks: [featuresSweepTask()] }, h.env));
  }
});
afterAll(async () => {
  for (const service of replicas) await service.shutdown();
  await h?.close();
});

async function runNormalJob(symbol: string, start: number, end: number) {
  const { jobId } = await h.queues.enqueue('features', { symbol, interval: '1h', source: 'synthetic', start: iso(start), end: iso(end) });
  const job = await finished(h, jobId);
  expect(await job.getState()).toBe('completed');
  return job;
}

describe('features sweep', () => {
  it('has one schedule with two replicas, every FEATURES_SWEEP_EVERY_MS, whose first run finds nothing', async () => {
    const sweepQueue = new Queue(SWEEP_QUEUE, { connection: h.redis, prefix: h.prefix });
    try {
      expect(await sweepQueue.getJobSchedulersCount()).toBe(1);
      expect((await sweepQueue.getJobScheduler(SWEEP_SCHEDULER_ID))?.every).toBe(900_000);
      // BullMQ runs an `every` scheduler's first job at once: the sweep ran on the empty database.
      const deadline = Date.now() + 10_000;
      let completed = await sweepQueue.getJobs(['completed']);
      while (completed.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        completed = await sweepQueue.getJobs(['completed']);
      }
      expect(completed[0]!.returnvalue as FeaturesSweepSummary).toMatchObject({ behind: 0, enqueued: 0, jobIds: [] });
      // The second replica's upsert neither added a second schedule nor a second immediate run.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await sweepQueue.getJobCountByTypes('completed', 'active', 'waiting', 'failed')).toBe(1);
      expect(await sweepQueue.getJobCountByTypes('delayed')).toBe(1); // the next run, 15 min on
    } finally {
      await sweepQueue.close();
    }
  });

  it('enqueues exactly the symbols behind, with their ranges, once; the worker then computes them as a normal run', async () => {
    const context = replicas[0]!.context;
    const features = h.queues.queue('features');

    // UPTODATE: computed by a normal job. LAG: computed, then 15 more bars written without a hand-off.
    // NEW: bars written without a hand-off, no state at all.
    const upToDate = await seedSymbol(h.t.db, 'UPTODATE', { days: DAYS, now: NOW, seed: 1 });
    await runNormalJob('UPTODATE', upToDate.timestamp[0]!, NOW + HOUR);
    const lagAll = generateBars('LAG', '1h', { start: NOW - DAYS * 24 * HOUR, end: NOW, now: NOW }, { seed: 2 });
    const n = lagAll.timestamp.length;
    await storeBars(h.t.db, 'LAG', lagAll, 'synthetic', 0, n - HELD_BACK);
    await runNormalJob('LAG', lagAll.timestamp[0]!, lagAll.timestamp[n - HELD_BACK - 1]! + HOUR);
    await storeBars(h.t.db, 'LAG', lagAll, 'synthetic', n - HELD_BACK, n);
    const fresh = await seedSymbol(h.t.db, 'NEW', { days: DAYS, now: NOW, seed: 3 });

    // Hold the workers so the sweep's jobs can be looked at (and swept again) while queued.
    await features.pause();
    const first = await sweepFeatures(context);
    expect(first.behind).toBe(2);
    expect(first.pending).toBe(0);
    expect(first.alreadyQueued).toEqual([]);
    expect(first.refused).toEqual([]);
    expect(first.enqueued.map(({ symbol, interval, source, start, end }) => ({ symbol, interval, source, start, end }))).toEqual([
      { symbol: 'LAG', interval: '1h', source: 'synthetic', start: iso(lagAll.timestamp[n - HELD_BACK]!), end: iso(lagAll.timestamp[n - 1]! + HOUR) },
      { symbol: 'NEW', interval: '1h', source: 'synthetic', start: iso(fresh.timestamp[0]!), end: iso(fresh.timestamp[fresh.timestamp.length - 1]! + HOUR) },
    ]);
    for (const swept of first.enqueued) {
      const job = await features.getJob(swept.jobId);
      expect(job?.data).toMatchObject({ symbol: swept.symbol, start: swept.start, end: swept.end, correlationId: first.correlationId });
      // The contract's deterministic id.
      expect(swept.jobId).toMatch(new RegExp(`^features-synthetic-1h-${swept.symbol}-`));
    }

    // Swept again while they are queued: nothing new, whether found as pending or by job id.
    const second = await sweepFeatures(context);
    expect(second).toMatchObject({ behind: 2, pending: 2, enqueued: [], alreadyQueued: [] });
    const third = await sweepFeatures(context, { skipPending: false });
    expect(third).toMatchObject({ behind: 2, pending: 0, enqueued: [] });
    expect(third.alreadyQueued.map((j) => [j.jobId, j.state])).toEqual(first.enqueued.map((j) => [j.jobId, 'waiting']));
    expect(await features.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active')).toBe(2);

    await features.resume();
    const results = new Map<string, FeaturesJobResult>();
    for (const swept of first.enqueued) {
      const job = await finished(h, swept.jobId);
      expect(await job.getState()).toBe('completed');
      results.set(swept.symbol, job.returnvalue as FeaturesJobResult);
    }
    expect(results.get('NEW')).toMatchObject({ mode: 'backfill', rowsWritten: fresh.timestamp.length });
    expect(results.get('LAG')).toMatchObject({ mode: 'incremental', barsComputed: HELD_BACK, rowsWritten: HELD_BACK });
    // Equal to what a normal run writes: the pure engine over every stored bar (backfill bit for bit,
    // incremental continuation to 1e-9, as for the hand-off path).
    expect(await mismatchesAgainstFullRecompute(h.t.db, 'NEW', 0)).toEqual([]);
    expect(await mismatchesAgainstFullRecompute(h.t.db, 'LAG', 1e-9)).toEqual([]);
    const lagRows = await storedFeatureRows(h.t.db, 'LAG');
    expect(lagRows.slice(-HELD_BACK).every((r) => r.correlation_id === first.correlationId)).toBe(true);
    expect((await storedFeatureRows(h.t.db, 'NEW')).every((r) => r.correlation_id === first.correlationId)).toBe(true);
    expect((await loadBarColumns(h.t.db, { symbol: 'LAG', source: 'synthetic' })).timestamp.length).toBe(n);

    // Caught up: a further sweep finds nothing (and UPTODATE was never touched).
    const after = await sweepFeatures(context);
    expect(after).toMatchObject({ behind: 0, enqueued: [], alreadyQueued: [], pending: 0 });
    const upToDateRows = await storedFeatureRows(h.t.db, 'UPTODATE');
    expect(new Set(upToDateRows.map((r) => r.correlation_id)).size).toBe(1);
    expect(upToDateRows[0]!.correlation_id).not.toBe(first.correlationId);
  });

  it('retries a job that failed for good under the id it would build (the id no longer blocks the work)', async () => {
    const context = replicas[0]!.context;
    const bars = await seedSymbol(h.t.db, 'FAILED', { days: 5, now: NOW, seed: 4 });
    const range = { symbol: 'FAILED', interval: '1h' as const, source: 'synthetic' as const, start: iso(bars.timestamp[0]!), end: iso(bars.timestamp[bars.timestamp.length - 1]! + HOUR) };
    // The job the sweep would build, failed for good (as after an outage longer than its attempts).
    await sql`ALTER TABLE feature_engineered_data RENAME TO feature_engineered_data_away`.execute(h.t.db);
    let failedId: string;
    try {
      ({ jobId: failedId } = await h.queues.enqueue('features', range, { attempts: 1 }));
      const failed = await finished(h, failedId);
      expect(await failed.getState()).toBe('failed');
    } finally {
      await sql`ALTER TABLE feature_engineered_data_away RENAME TO feature_engineered_data`.execute(h.t.db);
    }

    const sweep = await sweepFeatures(context);
    expect(sweep.enqueued).toEqual([]);
    expect(sweep.alreadyQueued).toEqual([]);
    expect(sweep.retried.map((j) => j.jobId)).toEqual([failedId]);
    const job = await waitForState(failedId, 'completed');
    expect(job.attemptsMade).toBe(1);
    expect(job.returnvalue as FeaturesJobResult).toMatchObject({ mode: 'backfill', rowsWritten: bars.timestamp.length });
    expect(await sweepFeatures(context)).toMatchObject({ behind: 0, enqueued: [], retried: [], alreadyQueued: [] });
  });
});

async function waitForState(jobId: string, state: string, timeoutMs = 60_000) {
  const queue = h.queues.queue('features');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await queue.getJobState(jobId)) === state) return (await queue.getJob(jobId))!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not reach '${state}' within ${timeoutMs} ms (it is '${await queue.getJobState(jobId)}')`);
}
