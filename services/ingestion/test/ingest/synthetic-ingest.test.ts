import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIVERSE_SCHEDULER_ID } from '../../src/ingest/schedule-universe-ingest.ts';
import { ingestionHarness, type IngestionHarness } from './ingestion-harness.ts';

let h: IngestionHarness;
beforeAll(async () => {
  h = await ingestionHarness();
  // Two in-process workers on one queue: every test also exercises concurrent consumers.
  await h.start();
  await h.start();
});
afterAll(() => h.teardown());

// Two full weeks of hourly session bars: 10 weekdays × 7 bars.
const WEEKS = { start: '2026-03-02T00:00:00Z', end: '2026-03-14T00:00:00Z' };

async function rowCount(symbol: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from market_data where symbol = ${symbol}`.execute(h.database.db);
  return rows[0]!.n;
}

async function featureJobs(symbol: string) {
  const jobs = await h.client.queue('features').getJobs(['waiting', 'delayed', 'prioritized']);
  return jobs.filter((job) => job.data.symbol === symbol).map((job) => ({ id: job.id, start: job.data.start, end: job.data.end, correlationId: job.data.correlationId }));
}

describe('ingest job with the synthetic source', () => {
  it('stores every bar once, and hands the changed range to feature engineering; a real-looking ticker gets no invented stock_info', async () => {
    const { jobId, correlationId } = await h.client.enqueue('ingest', { symbols: ['SYNA', 'SYNB'], interval: '1h', source: 'synthetic', ...WEEKS });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ symbols: 2, fetched: 140, stored: 140, rejected: 0, featureJobs: 2, failed: {}, metadata: [] });
    expect([...job.returnvalue.withoutMetadata].sort()).toEqual(['SYNA', 'SYNB']);

    expect(await rowCount('SYNA')).toBe(70);
    // SYNA is Synaptics' ticker: made-up metadata there would pose as a real company.
    const { rows: info } = await sql<{ symbol: string }>`select symbol from stock_info order by symbol`.execute(h.database.db);
    expect(info).toEqual([]);

    const handedOn = await featureJobs('SYNA');
    // First bar 2026-03-02 09:30 EST = 14:30Z; last bar 2026-03-13 15:30 EDT = 19:30Z, ending an hour later.
    expect(handedOn).toEqual([
      { id: expect.stringMatching(/^features-synthetic-1h-SYNA-/), start: '2026-03-02T14:30:00.000Z', end: '2026-03-13T20:30:00.000Z', correlationId },
    ]);
    const { rows: tagged } = await sql<{ n: number }>`select count(*)::int as n from market_data where correlation_id = ${correlationId}`.execute(h.database.db);
    expect(tagged[0]!.n).toBe(140);
  });

  it('invents stock_info only for the synthetic namespace, marked as synthetic', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['ACME.SYNTH'], interval: '1h', source: 'synthetic', ...WEEKS });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.returnvalue).toMatchObject({ stored: 70, metadata: ['ACME.SYNTH'], withoutMetadata: [] });
    const { rows } = await sql<{ company_name: string; exchange: string; country: string | null; source: string; sector: string | null }>`
      select company_name, exchange, country, source, sector from stock_info where symbol = 'ACME.SYNTH'`.execute(h.database.db);
    expect(rows).toEqual([{ company_name: expect.stringMatching(/ \(synthetic\)$/), exchange: 'SYNTHETIC', country: null, source: 'synthetic', sector: expect.any(String) }]);
  });

  it('removes a made-up stock_info row an earlier version wrote for a real ticker', async () => {
    await sql`insert into stock_info (symbol, company_name, sector, source) values ('AAPL', 'Leavra Cloud Inc.', 'Technology', 'synthetic')`.execute(h.database.db);
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1h', source: 'synthetic', ...WEEKS });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.returnvalue).toMatchObject({ stored: 70, withoutMetadata: ['AAPL'] });
    const { rows } = await sql`select symbol from stock_info where symbol = 'AAPL'`.execute(h.database.db);
    expect(rows).toEqual([]);
  });

  it("never replaces a provider's stock_info with made-up metadata, but fills its own rows", async () => {
    await sql`insert into stock_info (symbol, company_name, sector, source, updated_at)
      values ('REAL', 'Real Corp', 'Technology', 'yahoo', now() - interval '30 days')`.execute(h.database.db);
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['REAL'], interval: '1h', source: 'synthetic', ...WEEKS });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.returnvalue).toMatchObject({ stored: 70 });
    const { rows } = await sql<{ company_name: string; sector: string; source: string; stale: boolean }>`
      select company_name, sector, source, updated_at < now() - interval '1 day' as stale from stock_info where symbol = 'REAL'`.execute(h.database.db);
    expect(rows).toEqual([{ company_name: 'Real Corp', sector: 'Technology', source: 'yahoo', stale: true }]);
  });

  it('changes nothing and hands nothing on when the same range is ingested again', async () => {
    const before = await rowCount('SYNA');
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['SYNA'], interval: '1h', source: 'synthetic', ...WEEKS }, { jobId: 'ingest-again-1' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.returnvalue).toMatchObject({ fetched: 70, stored: 0, featureJobs: 0 });
    expect(await rowCount('SYNA')).toBe(before);
  });

  it('leaves exactly one row per (symbol, timestamp, source) when two workers run the same ingest at once', async () => {
    const payload = { symbols: ['SYNC', 'SYND', 'SYNE'], interval: '1h' as const, source: 'synthetic' as const, ...WEEKS };
    const [a, b] = await Promise.all([
      h.client.enqueue('ingest', payload, { jobId: 'ingest-twin-a' }),
      h.client.enqueue('ingest', payload, { jobId: 'ingest-twin-b' }),
    ]);
    const jobs = await Promise.all([h.waitForJob('ingest', a.jobId, ['completed', 'failed']), h.waitForJob('ingest', b.jobId, ['completed', 'failed'])]);
    expect(jobs.map((job) => job.failedReason)).toEqual([undefined, undefined]);
    const { rows } = await sql<{ symbol: string; n: number; distinct_ts: number }>`
      select symbol, count(*)::int as n, count(distinct timestamp)::int as distinct_ts
      from market_data where symbol in ('SYNC', 'SYND', 'SYNE') group by symbol order by symbol`.execute(h.database.db);
    expect(rows).toEqual([
      { symbol: 'SYNC', n: 70, distinct_ts: 70 },
      { symbol: 'SYND', n: 70, distinct_ts: 70 },
      { symbol: 'SYNE', n: 70, distinct_ts: 70 },
    ]);
    // Same change, same deterministic job id: feature work is queued once per symbol.
    expect(await featureJobs('SYNC')).toHaveLength(1);
  });

  it('hands nothing on when the commit fails: feature work is enqueued only after the rows are committed', async () => {
    // A deferred constraint trigger fails the transaction at COMMIT, after every write succeeded:
    // a hand-off made inside the transaction would already be queued by then.
    await sql`create function refuse_boom() returns trigger language plpgsql as $$
      begin raise exception 'commit refused for %', new.symbol; end $$`.execute(h.database.db);
    await sql`create constraint trigger refuse_boom after insert on market_data deferrable initially deferred
      for each row when (new.symbol = 'BOOM') execute function refuse_boom()`.execute(h.database.db);
    try {
      const { jobId } = await h.client.enqueue('ingest', { symbols: ['SYNQ', 'BOOM'], interval: '1h', source: 'synthetic', ...WEEKS }, { attempts: 1 });
      const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
      expect(job.failedReason).toContain('commit refused for BOOM');
      expect(await rowCount('SYNQ')).toBe(0);
      expect(await featureJobs('SYNQ')).toEqual([]);
    } finally {
      await sql`drop trigger refuse_boom on market_data`.execute(h.database.db);
      await sql`drop function refuse_boom()`.execute(h.database.db);
    }
  });

  it('continues from the last stored bar with an overlap, handing on only the new bars', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['SYNA'], interval: '1h', source: 'synthetic', end: '2026-03-21T00:00:00Z' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    // Overlap of 3 bars re-fetched (unchanged), plus the 35 bars of the week of 2026-03-16.
    expect(job.returnvalue).toMatchObject({ fetched: 38, stored: 35, featureJobs: 1 });
    expect(await rowCount('SYNA')).toBe(105);
    const latest = (await featureJobs('SYNA')).find((j) => j.start !== '2026-03-02T14:30:00.000Z');
    expect(latest).toMatchObject({ start: '2026-03-16T13:30:00.000Z', end: '2026-03-20T20:30:00.000Z' });
  });

  it('refetches stock_info not checked for a week and marks it checked', async () => {
    // The updated_at trigger would overwrite a back-dated value; replica mode skips triggers.
    await h.database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update stock_info set updated_at = now() - interval '8 days' where symbol = 'ACME.SYNTH'`.execute(trx);
    });
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['ACME.SYNTH'], interval: '1h', source: 'synthetic', end: '2026-03-21T00:00:00Z' });
    await h.waitForJob('ingest', jobId, ['completed']);
    // The metadata itself did not change: only marking the row checked makes it fresh again.
    const { rows } = await sql<{ fresh: boolean }>`
      select updated_at > now() - interval '1 minute' as fresh from stock_info where symbol = 'ACME.SYNTH'`.execute(h.database.db);
    expect(rows[0]!.fresh).toBe(true);
  });

  it('registers one job scheduler for the configured universe, hourly by default', async () => {
    await h.start({ INGEST_UNIVERSE: 'syna,synb', INGEST_SOURCE: 'synthetic' });
    await h.start({ INGEST_UNIVERSE: 'syna,synb', INGEST_SOURCE: 'synthetic' });
    const schedulers = await h.client.queue('ingest').getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: UNIVERSE_SCHEDULER_ID, every: 3_600_000 });
    const template = await h.client.queue('ingest').getJobScheduler(UNIVERSE_SCHEDULER_ID);
    expect(template?.template?.data).toMatchObject({ symbols: ['SYNA', 'SYNB'], interval: '1h', source: 'synthetic' });
  });

  it('runs the scheduled ingest at once: the universe continues from its last stored bars up to now, with a correlation id per run', async () => {
    // A harness of its own: the scheduler above already ran its first run on this one.
    const own = await ingestionHarness();
    try {
      // Both processes take the scheduled run, so both get the short lookback.
      await own.start({ INGEST_LOOKBACK_DAYS: '7' });
      const first = await own.client.enqueue('ingest', { symbols: ['SYNA'], interval: '1h', source: 'synthetic', ...WEEKS });
      await own.waitForJob('ingest', first.jobId, ['completed']);
      await own.start({ INGEST_UNIVERSE: 'SYNA,SYNF', INGEST_SOURCE: 'synthetic', INGEST_LOOKBACK_DAYS: '7' });
      const [scheduled] = await own.client.queue('ingest').getJobs(['waiting', 'active', 'completed', 'failed']).then((jobs) => jobs.filter((j) => j.id?.startsWith('repeat:')));
      expect(scheduled, 'the scheduler queued no run').toBeDefined();
      const job = await own.waitForJob('ingest', scheduled!.id!, ['completed', 'failed']);
      expect(job.failedReason).toBeUndefined();
      // The template has no correlation id: the worker derives one from the run's job id.
      const { rows } = await sql<{ symbol: string; first: Date; last: Date }>`
        select symbol, min(timestamp) as first, max(timestamp) as last from market_data
        where correlation_id = ${`job-${job.id}`} group by symbol order by symbol`.execute(own.database.db);
      expect(rows.map((r) => r.symbol)).toEqual(['SYNA', 'SYNF']);
      // SYNA continued after its stored bars (ending 2026-03-13), not from the 7-day lookback.
      expect(rows[0]!.first.toISOString()).toBe('2026-03-16T13:30:00.000Z');
      // SYNF had nothing stored: it starts within the lookback. Both end at the newest session bar.
      expect(Date.now() - rows[1]!.first.getTime()).toBeLessThanOrEqual(7 * 86_400_000);
      for (const row of rows) expect(Date.now() - row.last.getTime()).toBeLessThan(4 * 86_400_000);
    } finally {
      await own.teardown();
    }
  });
});
