import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestionHarness, type IngestionHarness } from './ingestion-harness.ts';

let h: IngestionHarness;
let folder: string;
let logLines: string[];
beforeAll(async () => {
  h = await ingestionHarness();
  folder = await mkdtemp(join(tmpdir(), 'mlt-ingest-'));
  // The service as its own process, so its log lines can be read as an operator reads them.
  logLines = (await h.spawn()).lines;
});
afterAll(async () => {
  await h.teardown();
  await rm(folder, { recursive: true, force: true });
});

// One good bar before and after each kind of bad bar; the future bar is a year ahead of any clock.
const CSV = [
  'symbol,timestamp,open,high,low,close,volume',
  'BADX,2026-03-02T14:30:00Z,10,11,9,10.5,1000',
  'BADX,2026-03-02T15:30:00Z,,11,9,10.5,1000',
  'BADX,2026-03-02T16:30:00Z,NaN,11,9,10.5,1000',
  'BADX,2026-03-02T17:30:00Z,-10,11,9,10.5,1000',
  'BADX,2026-03-02T18:30:00Z,10,10.2,9,10.5,1000',
  'BADX,2026-03-02T19:30:00Z,10,11,10.2,10.5,1000',
  'BADX,2026-03-02T20:30:00Z,10,11,9,10.5,-5',
  'BADX,2026-03-03T14:30:00Z,10.5,11.25,10.125,11,2000',
  'BADX,2026-03-03T14:30:00Z,99,99,99,99,99',
  'BADX,2099-03-03T14:30:00Z,10,11,9,10.5,1000',
  'BADX,2026-03-03T15:30:00Z,11,12,10.5,11.5,3000',
].join('\n');

describe('bad input', () => {
  it('refuses each kind of bad bar with its reason and keeps the good bars of the same job', async () => {
    const csvPath = join(folder, 'badx.csv');
    await writeFile(csvPath, CSV);
    const { jobId } = await h.client.enqueue('ingest', {
      symbols: ['BADX'], interval: '1h', source: 'csv', csvPath, start: '2026-03-01T00:00:00Z', end: '2100-01-01T00:00:00Z',
    });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ fetched: 11, stored: 3, rejected: 8 });

    const { rows } = await sql<{ timestamp: Date; close: number }>`select timestamp, close from market_data where symbol = 'BADX' order by timestamp`.execute(h.database.db);
    expect(rows.map((r) => [r.timestamp.toISOString(), r.close])).toEqual([
      ['2026-03-02T14:30:00.000Z', 10.5],
      ['2026-03-03T14:30:00.000Z', 11],
      ['2026-03-03T15:30:00.000Z', 11.5],
    ]);

    const warning = await waitForLog((line) => line.includes('bad bar(s) refused'));
    expect(JSON.parse(warning).rejected).toEqual({
      missing_value: 1, non_finite: 1, non_positive_price: 1, high_below_open_close: 1,
      low_above_open_close: 1, negative_volume: 1, duplicate_timestamp: 1, future_timestamp: 1,
    });
  });

  it('refuses a price too small for DECIMAL(10,4) and a volume too large for BIGINT alone, keeping the other bars of the job', async () => {
    // Both pass validation, but 0.00004 would be stored as 0 and break the table's CHECK, and
    // 1e20 overflows BIGINT: either would abort the job's one transaction for every symbol.
    const csvPath = join(folder, 'tiny.csv');
    await writeFile(csvPath, [
      'symbol,timestamp,open,high,low,close,volume',
      'TINY,2026-03-02T14:30:00Z,0.00004,0.00005,0.00003,0.00004,100',
      'TINY,2026-03-02T15:30:00Z,0.0002,0.0003,0.0001,0.0002,100',
      'TINY,2026-03-02T16:30:00Z,0.0002,0.0003,0.0001,0.0002,1e20',
      'WELL,2026-03-02T14:30:00Z,10,11,9,10.5,1000',
    ].join('\n'));
    const { jobId } = await h.client.enqueue(
      'ingest',
      { symbols: ['TINY', 'WELL'], source: 'csv', csvPath, start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' },
      { attempts: 1 },
    );
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ fetched: 4, stored: 2, rejected: 2 });
    const { rows } = await sql<{ symbol: string; close: number }>`
      select symbol, close from market_data where symbol in ('TINY', 'WELL') order by symbol`.execute(h.database.db);
    expect(rows).toEqual([{ symbol: 'TINY', close: 0.0002 }, { symbol: 'WELL', close: 10.5 }]);
    const warning = await waitForLog((line) => line.includes('bad bar(s) refused') && line.includes('TINY'));
    expect(JSON.parse(warning).rejected).toEqual({ price_out_of_range: 1, volume_out_of_range: 1 });
  });

  it('imports a CSV file without a symbol column for a job of one symbol', async () => {
    const csvPath = join(folder, 'one-symbol.csv');
    await writeFile(csvPath, ['date,open,high,low,close,volume', '2026-03-02,10,11,9,10.5,1000', '2026-03-03,10.5,12,10,11.5,2000'].join('\n'));
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['SOLO'], interval: '1d', source: 'csv', csvPath, start: '2026-03-01T00:00:00Z', end: '2026-03-04T00:00:00Z' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    const { rows } = await sql<{ timestamp: Date; close: number }>`select timestamp, close from market_data where symbol = 'SOLO' order by timestamp`.execute(h.database.db);
    // A date alone is the session open, 09:30 New York (EST in early March).
    expect(rows.map((r) => [r.timestamp.toISOString(), r.close])).toEqual([
      ['2026-03-02T14:30:00.000Z', 10.5],
      ['2026-03-03T14:30:00.000Z', 11.5],
    ]);
  });

  it('fails a job with a bad symbol at once, without retries, with the reason, and stores nothing', async () => {
    const before = await marketDataRows();
    const raw = new Queue('ingest', { connection: h.redis, prefix: h.prefix });
    try {
      const job = await raw.add('ingest', { symbols: ["AAPL'; DROP TABLE market_data; --"], source: 'synthetic', correlationId: 'bad-symbol-1' }, { attempts: 5 });
      const failed = await h.waitForJob('ingest', job.id!, ['failed']);
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toContain('is not a valid symbol');
    } finally {
      await raw.close();
    }
    expect(await marketDataRows()).toBe(before);
  });

  it('fails a csv ingest whose file is missing without retries, with the path in the reason', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['BADX'], source: 'csv', csvPath: join(folder, 'nope.csv'), start: '2026-03-01T00:00:00Z' });
    const failed = await h.waitForJob('ingest', jobId, ['failed']);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toContain('nope.csv');
  });
});

async function marketDataRows(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from market_data`.execute(h.database.db);
  return rows[0]!.n;
}

async function waitForLog(match: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const line = logLines.find(match);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('log line not seen');
}
