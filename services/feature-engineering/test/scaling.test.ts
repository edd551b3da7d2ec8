// Several feature-engineering processes share one backfill: every symbol computed exactly once,
// every job completed once, work spread over the processes; then the dashboard view is refreshed
// by the post-backfill job and the hourly scheduler exists.
import { spawnService, type ServiceProcess } from '@mltrading/service-kit';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DASHBOARD_QUEUE, DASHBOARD_SCHEDULER_ID, SWEEP_QUEUE, type FeaturesJobResult } from '../src/index.ts';
import { createHarness, HOUR, iso, seedSymbol, type Harness } from './support/fixtures.ts';

const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SYMBOLS = Array.from({ length: 20 }, (_, i) => `S${String(i).padStart(2, '0')}`);
const PROCESSES = 3;
let h: Harness;
const services: ServiceProcess[] = [];
const logs = new Map<number, string[]>();
const barCounts = new Map<string, number>();
let range: { start: number; end: number };

beforeAll(async () => {
  h = await createHarness({ WORKER_CONCURRENCY: '2', FEATURES_DASHBOARD_REFRESH_DELAY_MS: '300' });
  const started = await Promise.all(
    Array.from({ length: PROCESSES }, async (_, k) => {
      const lines: string[] = [];
      const service = await spawnService(ENTRY, { ...h.env, SERVICE_NAME: `fe-${k}` }, (line) => lines.push(line), 60_000);
      logs.set(service.pid, lines);
      return service;
    }),
  );
  services.push(...started);
  // The features sweep's first run happens at start; bars stored before it without a hand-off would be
  // swept (and backfilled by the sweep's own jobs). Seed only once it has run on the empty database.
  const sweep = new Queue(SWEEP_QUEUE, { connection: h.redis, prefix: h.prefix });
  const deadline = Date.now() + 30_000;
  while ((await sweep.getJobCountByTypes('completed')) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await sweep.close();
  const now = Date.now();
  let start = Infinity;
  for (const [i, symbol] of SYMBOLS.entries()) {
    const bars = await seedSymbol(h.t.db, symbol, { days: 45, now, seed: 100 + i });
    barCounts.set(symbol, bars.timestamp.length);
    start = Math.min(start, bars.timestamp[0]!);
  }
  range = { start, end: now + HOUR };
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await h?.close();
});

it('shares a 20-symbol backfill across 3 processes: each symbol once, each job completed once', async () => {
  const completions = new Map<string, number>();
  h.events.features.on('completed', ({ jobId }) => completions.set(jobId, (completions.get(jobId) ?? 0) + 1));
  const enqueued = await h.queues.enqueueBulk(
    'features',
    SYMBOLS.map((symbol) => ({ symbol, interval: '1h' as const, source: 'synthetic' as const, start: iso(range.start), end: iso(range.end) })),
  );
  const queue = h.queues.queue('features');
  const deadline = Date.now() + 90_000;
  while ((await queue.getJobCountByTypes('completed', 'failed')) < SYMBOLS.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const jobs = await Promise.all(enqueued.map(({ jobId }) => queue.getJob(jobId)));
  for (const job of jobs) {
    expect(await job!.getState()).toBe('completed');
    expect(job!.attemptsMade).toBe(1);
    expect((job!.returnvalue as FeaturesJobResult).mode).toBe('backfill');
  }
  // QueueEvents is at-most-once; allow the stream a moment, then no job may have completed twice.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect([...completions.values()].every((count) => count === 1)).toBe(true);

  const { rows } = await sql<{ symbol: string; rows: number; distinct: number }>`
    SELECT symbol, count(*)::int AS rows, count(DISTINCT timestamp)::int AS distinct
    FROM feature_engineered_data GROUP BY symbol ORDER BY symbol`.execute(h.t.db);
  expect(rows.map((r) => r.symbol)).toEqual(SYMBOLS);
  for (const r of rows) {
    expect(r.rows).toBe(barCounts.get(r.symbol));
    expect(r.distinct).toBe(r.rows);
  }

  // Which process ran which job, from each process's own 'features computed' log lines.
  const ranBy = new Map<string, number>();
  for (const [pid, lines] of logs) {
    for (const line of lines) {
      if (!line.includes('"features computed"')) continue;
      const { symbol } = JSON.parse(line) as { symbol: string };
      expect(ranBy.has(symbol), `${symbol} computed twice`).toBe(false);
      ranBy.set(symbol, pid);
    }
  }
  expect([...ranBy.keys()].sort()).toEqual(SYMBOLS);
  expect(new Set(ranBy.values()).size).toBeGreaterThan(1);
});

it('refreshes the dashboard view after the backfill and keeps an hourly scheduler', async () => {
  const deadline = Date.now() + 30_000;
  let summary: { symbol: string; total_records: number }[] = [];
  while (Date.now() < deadline) {
    summary = await h.t.db.selectFrom('mv_features_dashboard_summary').select(['symbol', 'total_records']).orderBy('symbol').execute();
    if (summary.length === SYMBOLS.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(summary.map((s) => s.symbol)).toEqual(SYMBOLS);
  expect(summary.reduce((sum, s) => sum + Number(s.total_records), 0)).toBeGreaterThan(0);

  const maintenance = new Queue(DASHBOARD_QUEUE, { connection: h.redis, prefix: h.prefix });
  const scheduler = await maintenance.getJobScheduler(DASHBOARD_SCHEDULER_ID);
  expect(scheduler?.every).toBe(3_600_000);
  expect(await maintenance.getJobSchedulersCount()).toBe(1); // three replicas, one schedule
  await maintenance.close();
});
