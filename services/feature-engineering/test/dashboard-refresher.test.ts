// The dashboard view's refresher: refreshes CONCURRENTLY (readers of the view are never blocked),
// and a post-backfill refresh still waiting out its quiet time runs when the service stops, unless
// feature work is still queued (then the replicas that keep running own it).
import { loadFeatureEngineeringConfig } from '@mltrading/config';
import { runService, type RunningService } from '@mltrading/service-kit';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_BACKFILL_JOB_ID, DASHBOARD_JOB, DASHBOARD_QUEUE, DashboardRefresher, featureWorkers } from '../src/index.ts';
import { createHarness, finished, HOUR, iso, seedSymbol, type Harness } from './support/fixtures.ts';

let h: Harness;
let maintenance: Queue;
// Recent bars: the seed's view only counts rows of the last 90 days.
const NOW = Date.now();

beforeAll(async () => {
  h = await createHarness({ LOG_LEVEL: 'warn' });
  maintenance = new Queue(DASHBOARD_QUEUE, { connection: h.redis, prefix: h.prefix });
});
afterAll(async () => {
  await maintenance?.close();
  await h?.close();
});

/** A service whose post-backfill refresh waits a minute: within a test it only runs if we make it. */
async function startService(): Promise<{ service: RunningService; dashboard: DashboardRefresher }> {
  const dashboard = new DashboardRefresher({ afterBackfillDelayMs: 60_000 });
  const service = await runService({ name: 'fe-dashboard-test', config: loadFeatureEngineeringConfig, workers: featureWorkers({ dashboard }), tasks: [dashboard.asTask()] }, h.env);
  return { service, dashboard };
}

async function backfill(symbol: string): Promise<void> {
  const bars = await seedSymbol(h.t.db, symbol, { days: 20, now: NOW });
  const { jobId } = await h.queues.enqueue('features', {
    symbol,
    interval: '1h',
    source: 'synthetic',
    start: iso(bars.timestamp[0]!),
    end: iso(bars.timestamp[bars.timestamp.length - 1]! + HOUR),
  });
  expect(await (await finished(h, jobId)).getState()).toBe('completed');
}

async function viewSymbols(): Promise<string[]> {
  const rows = await h.t.db.selectFrom('mv_features_dashboard_summary').select('symbol').orderBy('symbol').execute();
  return rows.map((r) => r.symbol);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('dashboard refresher', () => {
  it('refreshes CONCURRENTLY: a transaction reading the view does not hold the refresh up', async () => {
    const { service } = await startService();
    try {
      await backfill('DSA');
      // A reader keeps its ACCESS SHARE lock on the view until it commits. A plain REFRESH needs
      // ACCESS EXCLUSIVE and would wait for it; REFRESH … CONCURRENTLY does not.
      const reader = new pg.Client({ connectionString: h.t.url });
      await reader.connect();
      try {
        await reader.query('BEGIN');
        await reader.query('SELECT count(*) FROM mv_features_dashboard_summary');
        const job = await maintenance.add(DASHBOARD_JOB, { reason: 'schedule' });
        const done = await waitFor(async () => (await maintenance.getJob(job.id!))?.finishedOn !== undefined, 10_000);
        expect(done, 'refresh finished while the reader held the view').toBe(true);
        expect(await (await maintenance.getJob(job.id!))!.getState()).toBe('completed');
      } finally {
        await reader.query('ROLLBACK');
        await reader.end();
      }
      expect(await viewSymbols()).toEqual(['DSA']);
    } finally {
      await service.shutdown();
    }
  });

  it('runs a pending post-backfill refresh at shutdown once the features queue is idle', async () => {
    const { service } = await startService();
    await backfill('DSB'); // asks for a refresh in a minute
    expect(await (await maintenance.getJob(AFTER_BACKFILL_JOB_ID))?.isDelayed()).toBe(true);
    expect(await viewSymbols()).toEqual(['DSA']);

    await service.shutdown();

    expect(await viewSymbols()).toEqual(['DSA', 'DSB']);
    expect(await maintenance.getJob(AFTER_BACKFILL_JOB_ID)).toBeUndefined();
  });

  it('leaves the pending refresh to the other replicas while feature jobs are still queued', async () => {
    const { service, dashboard } = await startService();
    await backfill('DSC');
    // Another symbol of the backfill still waits in the queue (delayed, so no worker takes it now).
    await h.queues.enqueue('features', { symbol: 'DSD', interval: '1h', source: 'synthetic', start: iso(NOW - 20 * 24 * HOUR), end: iso(NOW) }, { delay: 120_000 });
    await dashboard.requestAfterBackfill();

    await service.shutdown();

    expect(await viewSymbols()).toEqual(['DSA', 'DSB']);
    expect(await (await maintenance.getJob(AFTER_BACKFILL_JOB_ID))?.isDelayed()).toBe(true);
  });
});
