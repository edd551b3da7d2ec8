import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { truncateTables } from '@mltrading/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, sendJson, sendText, startReplayServer, type ReplayServer, type SeenRequest } from '../sources/replay-server.ts';
import { ingestionHarness, type IngestionHarness } from './ingestion-harness.ts';

const NOT_FOUND = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };
// The fixture's nine daily AAPL bars, 2024-01-02 … 2024-01-12.
const JANUARY = { start: '2024-01-01T00:00:00Z', end: '2024-01-13T00:00:00Z' };

/** What the fake Yahoo does next: each chart request takes the first scripted answer, if any. */
let script: Array<(res: ServerResponse) => void> = [];
/** The same for getcrumb and quoteSummary requests. */
let crumbScript: Array<(res: ServerResponse) => void> = [];
let summaryScript: Array<(res: ServerResponse) => void> = [];
const INVALID_CRUMB = { finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } };
// The service's client holds a crumb from an earlier test; Yahoo rejecting it starts the flow anew.
const rejectCrumb = (res: ServerResponse) => sendJson(res, 401, INVALID_CRUMB);
let server: ReplayServer;
let h: IngestionHarness;

function chart(req: SeenRequest, res: ServerResponse): void {
  const symbol = decodeURIComponent(req.path.split('/').pop()!);
  if (symbol !== 'AAPL') return sendJson(res, 404, NOT_FOUND);
  const body = fixture('yahoo-chart-AAPL-1d.json');
  const result = body.chart.result[0];
  const from = Number(req.query.get('period1'));
  const to = Number(req.query.get('period2'));
  const keep = (result.timestamp as number[]).map((t) => t >= from && t < to);
  result.timestamp = result.timestamp.filter((_: number, i: number) => keep[i]);
  const quote = result.indicators.quote[0];
  for (const column of Object.keys(quote)) quote[column] = quote[column].filter((_: unknown, i: number) => keep[i]);
  result.indicators.adjclose[0].adjclose = result.indicators.adjclose[0].adjclose.filter((_: unknown, i: number) => keep[i]);
  // Yahoo sends nulls for a bar that has not traded yet: the last bar here.
  for (const column of Object.keys(quote)) quote[column][quote[column].length - 1] = null;
  sendJson(res, 200, body);
}

/** Cookie, crumb and quoteSummary as Yahoo serves them (one session, one crumb). */
function session(req: SeenRequest, res: ServerResponse): boolean {
  if (req.path.startsWith('/quote/')) {
    res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'A3=d=AQABBK1cQ&S=AQAAAs; Max-Age=31557600; Domain=.yahoo.com; Path=/; Secure; HttpOnly' });
    res.end('<html></html>');
    return true;
  }
  if (req.path === '/v1/test/getcrumb') {
    const scripted = crumbScript.shift();
    if (scripted) scripted(res);
    else sendText(res, 200, 'kz0BfXqJx.');
    return true;
  }
  if (req.path.startsWith('/v10/finance/quoteSummary/')) {
    const scripted = summaryScript.shift();
    if (scripted) scripted(res);
    else sendJson(res, 200, fixture('yahoo-quoteSummary-AAPL.json'));
    return true;
  }
  return false;
}

beforeAll(async () => {
  server = await startReplayServer((req, res) => {
    if (session(req, res)) return;
    if (req.path.startsWith('/v8/finance/chart/')) {
      const scripted = script.shift();
      return scripted ? scripted(res) : chart(req, res);
    }
    sendText(res, 404, 'not found');
  });
  h = await ingestionHarness();
  await h.start({ YAHOO_BASE_URL: server.url, SOURCE_RATE_LIMITS: 'yahoo=50', SOURCE_REQUEST_TIMEOUT_MS: '1000' });
});
afterAll(async () => {
  await h.teardown();
  await server.close();
});
beforeEach(async () => {
  script = [];
  crumbScript = [];
  summaryScript = [];
  await h.redis.del(`${h.prefix}:source-paused:yahoo`);
  await truncateTables(h.database.db, ['market_data', 'stock_info']);
});

async function companyName(): Promise<string | undefined> {
  const { rows } = await sql<{ company_name: string }>`select company_name from stock_info where symbol = 'AAPL'`.execute(h.database.db);
  return rows[0]?.company_name;
}

const fastRetry = { backoff: { type: 'fixed' as const, delay: 100 } };

async function storedCloses(): Promise<number[]> {
  const { rows } = await sql<{ close: number }>`select close from market_data where symbol = 'AAPL' and source = 'yahoo' order by timestamp`.execute(h.database.db);
  return rows.map((r) => r.close);
}

describe('ingest job with the Yahoo source (real client, local server)', () => {
  it('stores the bars, skips the empty bar (counted, not refused), and fills stock_info over a made-up row', async () => {
    await sql`insert into stock_info (symbol, company_name, source) values ('AAPL', 'Leavra Cloud Inc.', 'synthetic')`.execute(h.database.db);
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...JANUARY });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.returnvalue).toMatchObject({ fetched: 9, stored: 8, rejected: 0, empty: 1, metadata: ['AAPL'], withoutMetadata: [] });
    const closes = await storedCloses();
    expect(closes).toHaveLength(8);
    expect(closes[0]).toBe(185.64);
    const { rows } = await sql<{ company_name: string; source: string }>`select company_name, source from stock_info where symbol = 'AAPL'`.execute(h.database.db);
    expect(rows).toEqual([{ company_name: 'Apple Inc.', source: 'yahoo' }]);
  });

  it('pauses the source on a 429 and delays the job instead of failing it', async () => {
    script = [(res) => sendText(res, 429, 'Too Many Requests', { 'retry-after': '1' })];
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...JANUARY }, { jobId: 'ingest-429' });
    await h.waitForJob('ingest', jobId, ['delayed']);
    expect(await h.redis.pttl(`${h.prefix}:source-paused:yahoo`)).toBeGreaterThan(0);
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.attemptsMade).toBeLessThanOrEqual(1);
    expect(await storedCloses()).toHaveLength(8);
  });

  it('gives up on a request that never answers after SOURCE_REQUEST_TIMEOUT_MS and retries the job', async () => {
    script = [() => {}]; // the first chart request hangs
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...JANUARY }, { jobId: 'ingest-hang', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect((job.stacktrace ?? []).join('\n')).toContain('timed out after 1000 ms');
    expect(await storedCloses()).toHaveLength(8);
  });

  it('retries a 500 and a malformed body with backoff, then stores the bars', async () => {
    script = [(res) => sendText(res, 500, 'Internal Server Error'), (res) => sendJson(res, 200, '{"chart": {"result": [')];
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...JANUARY }, { jobId: 'ingest-500', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(3);
    expect(await storedCloses()).toHaveLength(8);
  });

  it('recovers when Yahoo rejects the crumb (401 Invalid Crumb): stock_info is filled after a fresh cookie and crumb', async () => {
    summaryScript = [rejectCrumb];
    const seenBefore = server.seen.length;
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...JANUARY }, { jobId: 'ingest-crumb-once' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.returnvalue).toMatchObject({ stored: 8 });
    expect(await companyName()).toBe('Apple Inc.');
    expect(summaryScript).toEqual([]);
    expect(server.seen.slice(seenBefore).map((r) => r.path)).toContain('/v1/test/getcrumb');
  });

  it('keeps the bars and completes the job when the crumb keeps failing (stock_info is best effort)', async () => {
    summaryScript = [rejectCrumb];
    crumbScript = Array.from({ length: 10 }, () => (res: ServerResponse) => sendText(res, 500, 'Internal Server Error'));
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...JANUARY }, { jobId: 'ingest-crumb-down' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(await storedCloses()).toHaveLength(8);
    expect(await companyName()).toBeUndefined();
  });

  it('pauses the source when the crumb request is rate-limited, without failing the job that stored its bars', async () => {
    summaryScript = [rejectCrumb];
    // Two answers: the client holds a crumb (401, then one fresh crumb request) or not (two crumb requests).
    crumbScript = Array.from({ length: 2 }, () => (res: ServerResponse) => sendText(res, 429, 'Too Many Requests', { 'retry-after': '30' }));
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...JANUARY }, { jobId: 'ingest-crumb-429' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(await storedCloses()).toHaveLength(8);
    expect(await h.redis.pttl(`${h.prefix}:source-paused:yahoo`)).toBeGreaterThan(20_000);
  });

  it('fails an unknown symbol permanently, without retries, and keeps the good symbol of the same job', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL', 'ZZZZQ'], interval: '1d', ...JANUARY }, { jobId: 'ingest-delisted', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['failed']);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^not ingested \(permanent\): ZZZZQ \(permanent: .*No data found, symbol may be delisted/);
    expect(await storedCloses()).toHaveLength(8);
  });
});
