// The `features` job end to end: real PostgreSQL and Redis, the service's workers run in-process
// through runService, jobs enqueued through the contract.
import { loadFeatureEngineeringConfig } from '@mltrading/config';
import { loadBarColumns, loadFeatureEngineState } from '@mltrading/db';
import { computeFeatures, InvalidBarsError, DEFAULT_MARKET_CALENDAR } from '@mltrading/features';
import { runService, type RunningService } from '@mltrading/service-kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeInSlices, featureWorkers, type FeaturesJobResult } from '../src/index.ts';
import { mismatchesAgainstFullRecompute, storedFeatureRows } from './support/compare.ts';
import { createHarness, finished, HOUR, iso, seedSymbol, storeBars, type Harness } from './support/fixtures.ts';

let h: Harness;
let service: RunningService;
const NOW = Date.UTC(2026, 10, 27, 21, 0);

beforeAll(async () => {
  h = await createHarness({ LOG_LEVEL: 'warn' });
  service = await runService({ name: 'feature-engineering-test', config: loadFeatureEngineeringConfig, workers: featureWorkers() }, h.env);
});
afterAll(async () => {
  await service?.shutdown();
  await h?.close();
});

async function runJob(symbol: string, start: number, end: number, jobId?: string) {
  const { jobId: id } = await h.queues.enqueue(
    'features',
    { symbol, interval: '1h', source: 'synthetic', start: iso(start), end: iso(end) },
    jobId === undefined ? undefined : { jobId },
  );
  const job = await finished(h, id);
  return { job, result: job.returnvalue as FeaturesJobResult };
}

async function predictJob(id: string) {
  return h.queues.queue('predict').getJob(id);
}

describe('features job', () => {
  let incrementalPredictJobId: string | undefined;
  let bars: Awaited<ReturnType<typeof seedSymbol>>;

  it('backfills a symbol: every bar gets its row, feature_version 3.0, equal to the pure engine', async () => {
    const all = await seedSymbol(h.t.db, 'AAA', { days: 140, now: NOW });
    // Keep the last 20 bars back for the incremental step.
    await sql`DELETE FROM market_data WHERE symbol = 'AAA' AND timestamp >= ${new Date(all.timestamp[all.timestamp.length - 20]!)}`.execute(h.t.db);
    bars = await loadBarColumns(h.t.db, { symbol: 'AAA', source: 'synthetic' });
    const n = bars.timestamp.length;
    expect(n).toBeGreaterThan(600);

    const { job, result } = await runJob('AAA', bars.timestamp[0]!, bars.timestamp[n - 1]! + HOUR);
    expect(job.finishedOn).toBeDefined();
    expect(job.attemptsMade).toBe(1);
    expect(result).toMatchObject({ mode: 'backfill', barsComputed: n, rowsWritten: n, inserted: n, updated: 0, writeMethod: 'copy' });
    expect(await mismatchesAgainstFullRecompute(h.t.db, 'AAA', 0)).toEqual([]);
    const rows = await storedFeatureRows(h.t.db, 'AAA');
    expect(new Set(rows.map((r) => r.feature_version))).toEqual(new Set(['3.0']));
    expect(rows.every((r) => r.correlation_id === job.data.correlationId)).toBe(true);

    const state = await loadFeatureEngineState(h.t.db, { symbol: 'AAA', source: 'synthetic', interval: '1h' });
    expect(state).toMatchObject({ lastTimestamp: new Date(bars.timestamp[n - 1]!), barsSeen: n });

    // predict for the new rows, enqueued after commit, carrying the flow's correlation id.
    expect(result.predict).toEqual({
      jobId: expect.stringMatching(/^predict-synthetic-1h-AAA-/),
      start: iso(bars.timestamp[0]!),
      end: iso(bars.timestamp[n - 1]! + HOUR),
    });
    const predict = await predictJob(result.predict!.jobId);
    expect(predict?.data).toMatchObject({ symbol: 'AAA', interval: '1h', source: 'synthetic', start: result.predict!.start, end: result.predict!.end, correlationId: job.data.correlationId });
    expect(predict!.timestamp).toBeGreaterThanOrEqual(job.processedOn!);
  });

  it('appends new bars incrementally from the stored state, equal to a full recompute to 1e-9', async () => {
    const all = await seedSymbol(h.t.db, 'AAA', { days: 140, now: NOW }); // restores the 20 held-back bars
    const n = all.timestamp.length;
    const firstNew = all.timestamp[n - 20]!;
    const { result } = await runJob('AAA', firstNew, all.timestamp[n - 1]! + HOUR);
    expect(result).toMatchObject({ mode: 'incremental', barsComputed: 20, rowsWritten: 20, inserted: 20, writeMethod: 'copy' });
    expect(await mismatchesAgainstFullRecompute(h.t.db, 'AAA', 1e-9)).toEqual([]);
    expect(result.predict).toMatchObject({ start: iso(firstNew), end: iso(all.timestamp[n - 1]! + HOUR) });
    expect(await predictJob(result.predict!.jobId)).toBeDefined();
    incrementalPredictJobId = result.predict!.jobId;
    const state = await loadFeatureEngineState(h.t.db, { symbol: 'AAA', source: 'synthetic', interval: '1h' });
    expect(state?.barsSeen).toBe(n);
  });

  it('a redelivered range writes nothing and re-enqueues the same predict job id', async () => {
    const all = await loadBarColumns(h.t.db, { symbol: 'AAA', source: 'synthetic' });
    const n = all.timestamp.length;
    const start = all.timestamp[n - 20]!;
    const end = all.timestamp[n - 1]! + HOUR;
    const { result } = await runJob('AAA', start, end, 'redelivery-of-the-incremental-job');
    expect(result).toMatchObject({ mode: 'up-to-date', rowsWritten: 0, writeMethod: 'none' });
    expect(result.predict).toMatchObject({ start: iso(start), end: iso(end) });
    // Deterministic id: the redelivery's predict is the first try's job, not a second one.
    expect(result.predict!.jobId).toBe(incrementalPredictJobId);
    const predicts = await h.queues.queue('predict').getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed']);
    expect(predicts.filter((p) => p.data.symbol === 'AAA' && p.data.start === iso(start))).toHaveLength(1);
  });

  it('a revised old bar triggers a full recompute from the first bar; earlier rows stay untouched', async () => {
    const before = await storedFeatureRows(h.t.db, 'AAA');
    const all = await loadBarColumns(h.t.db, { symbol: 'AAA', source: 'synthetic' });
    const k = 300;
    const revised = { ...all, close: all.close.slice(), high: all.high.slice() };
    revised.close[k] = Math.round(all.close[k]! * 1.02 * 1e4) / 1e4;
    revised.high[k] = Math.max(all.high[k]!, revised.close[k]!);
    await storeBars(h.t.db, 'AAA', revised, 'synthetic', k, k + 1);

    const { job, result } = await runJob('AAA', all.timestamp[k]!, all.timestamp[k]! + HOUR);
    expect(result.mode).toBe('recompute');
    expect(result.barsComputed).toBe(all.timestamp.length);
    expect(result.rowsWritten).toBe(all.timestamp.length - k);
    expect(result.writeMethod).toBe('merge');
    expect(result.updated).toBeGreaterThan(0);
    expect(await mismatchesAgainstFullRecompute(h.t.db, 'AAA', 0)).toEqual([]);
    const after = await storedFeatureRows(h.t.db, 'AAA');
    expect(after.slice(0, k)).toEqual(before.slice(0, k));
    expect(after[k]!.correlation_id).toBe(job.data.correlationId);
    expect(after[k]!.close).toBe(revised.close[k]);
    // Every row from the revised bar on changed, so predict covers them all.
    expect(result.predict).toMatchObject({ start: iso(all.timestamp[k]!), end: iso(all.timestamp[all.timestamp.length - 1]! + 1) });
  });

  it('refuses non-finite stored bars with a clear error, no retry, nothing written, no predict', async () => {
    const bars = await seedSymbol(h.t.db, 'BAD', { days: 10, now: NOW });
    const k = 17;
    await sql`UPDATE market_data SET close = 'NaN' WHERE symbol = 'BAD' AND timestamp = ${new Date(bars.timestamp[k]!)}`.execute(h.t.db);
    const { jobId } = await h.queues.enqueue('features', { symbol: 'BAD', interval: '1h', source: 'synthetic', start: iso(bars.timestamp[0]!), end: iso(NOW) });
    const job = await finished(h, jobId);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toContain('features synthetic/1h/BAD: market_data refused by the feature engine');
    expect(job.failedReason).toMatch(/close.*17|17.*close/);
    expect(await storedFeatureRows(h.t.db, 'BAD')).toEqual([]);
    expect(await loadFeatureEngineState(h.t.db, { symbol: 'BAD', source: 'synthetic', interval: '1h' })).toBeUndefined();
    const predicts = await h.queues.queue('predict').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(predicts.filter((p) => p.data.symbol === 'BAD')).toEqual([]);
  });
});

describe('computeInSlices', () => {
  const bars = () => {
    const n = 1_500;
    const b = { timestamp: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    let p = 50;
    for (let i = 0; i < n; i++) {
      const o = p;
      p *= 1 + Math.sin(i * 12.9898) * 0.01;
      Object.assign(b, {});
      b.timestamp[i] = NOW - (n - i) * HOUR;
      b.open[i] = o;
      b.close[i] = p;
      b.high[i] = Math.max(o, p) * 1.002;
      b.low[i] = Math.min(o, p) * 0.998;
      b.volume[i] = 1_000 + (i % 37) * 10;
    }
    return b;
  };

  it('gives the single call’s rows and state whatever the slice size', async () => {
    const b = bars();
    const whole = computeFeatures(b);
    for (const sliceBars of [1, 7, 480, 1_000, 5_000]) {
      const rows: number[] = [];
      const rsi: number[] = [];
      const { state } = await computeInSlices(b, {
        state: undefined,
        calendar: DEFAULT_MARKET_CALENDAR,
        emitFrom: 200,
        sliceBars,
        onSlice: async ({ bars: s, columns }) => {
          rows.push(...s.timestamp);
          rsi.push(...columns.rsi_14);
        },
      });
      expect(rows).toEqual(Array.from(b.timestamp.subarray(200)));
      const expected = Array.from(whole.columns.rsi_14.subarray(200));
      expect(rsi.every((v, i) => v === expected[i] || Math.abs(v - expected[i]!) <= 1e-9 * Math.abs(expected[i]!))).toBe(true);
      expect(state?.barsSeen).toBe(whole.state.barsSeen);
    }
  });

  it('passes the engine’s refusal of out-of-order or duplicate bars through', async () => {
    const run = (mutate: (b: ReturnType<typeof bars>) => void) => {
      const b = bars();
      mutate(b);
      return computeInSlices(b, { state: undefined, calendar: DEFAULT_MARKET_CALENDAR, emitFrom: 0, sliceBars: 500, onSlice: async () => {} });
    };
    await expect(run((b) => (b.timestamp[700] = b.timestamp[699]!))).rejects.toThrow(InvalidBarsError);
    await expect(run((b) => (b.timestamp[700] = b.timestamp[600]!))).rejects.toThrow(/700/);
    await expect(run((b) => (b.volume[3] = Infinity))).rejects.toThrow(/volume/);
  });
});
