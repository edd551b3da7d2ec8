// A backfill that computes for several lock durations must keep its lock: the engine runs in
// slices with the event loop free in between, so BullMQ renews the lock and never sees a stall.
import { loadFeatureEngineeringConfig } from '@mltrading/config';
import { runService, type RunningService } from '@mltrading/service-kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { featureWorkers, type FeaturesJobResult } from '../src/index.ts';
import { createHarness, finished, type Harness } from './support/fixtures.ts';

const BARS = 600_000;
// Short enough that the job (≈ 20 s of loading, computing and encoding) spans many lock periods and
// the engine alone computes for longer than one; long enough that a major GC pause is not a stall.
const LOCK_MS = 1_000;
let h: Harness;
let service: RunningService;

beforeAll(async () => {
  h = await createHarness({ LOG_LEVEL: 'warn' });
  // A smooth deterministic walk, one bar an hour from 1980: long enough to compute for seconds.
  await sql`
    INSERT INTO market_data (symbol, source, timestamp, open, high, low, close, volume)
    SELECT 'LONG', 'synthetic', timestamptz '1980-01-01 00:00Z' + i * interval '1 hour', o, round(greatest(o, c) * 1.001, 4), round(least(o, c) * 0.999, 4), c, 1000 + i % 97
    FROM (
      SELECT i, round((100 * exp(0.2 * sin(i * 0.0007) + 0.01 * sin((i - 1) * 1.3)))::numeric, 4) AS o,
                round((100 * exp(0.2 * sin(i * 0.0007) + 0.01 * sin(i * 1.3)))::numeric, 4) AS c
      FROM generate_series(0, ${BARS - 1}) AS i
    ) walk`.execute(h.t.db);
  service = await runService(
    {
      name: 'feature-engineering-long-job',
      config: loadFeatureEngineeringConfig,
      workers: featureWorkers({
        chunkBars: 5_000,
        workerOptions: { lockDuration: LOCK_MS, stalledInterval: LOCK_MS },
      }),
    },
    h.env,
  );
});
afterAll(async () => {
  await service?.shutdown();
  await h?.close();
});

it('computes for several lock durations without being reported stalled', async () => {
  const stalled: string[] = [];
  h.events.features.on('stalled', ({ jobId }) => stalled.push(`queue event: ${jobId}`));
  service.workers[0]!.on('stalled', (jobId) => stalled.push(`worker event: ${jobId}`));

  const { jobId } = await h.queues.enqueue('features', {
    symbol: 'LONG',
    interval: '1h',
    source: 'synthetic',
    start: '1980-01-01T00:00:00Z',
    end: '2030-01-01T00:00:00Z',
  });
  const job = await finished(h, jobId, 110_000);
  const result = job.returnvalue as FeaturesJobResult;

  expect(await job.getState()).toBe('completed');
  expect(result).toMatchObject({ mode: 'backfill', barsComputed: BARS, rowsWritten: BARS });
  expect(result.totalMs).toBeGreaterThan(5 * LOCK_MS);
  expect(result.computeMs).toBeGreaterThan(LOCK_MS);
  expect(stalled).toEqual([]);
  expect(job.attemptsMade).toBe(1);
  expect(job.stalledCounter ?? 0).toBe(0);
  const { count } = await h.t.db.selectFrom('feature_engineered_data').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  expect(Number(count)).toBe(BARS);
});
