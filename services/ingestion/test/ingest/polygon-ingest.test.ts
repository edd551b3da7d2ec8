import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { truncateTables } from '@mltrading/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, sendJson, sendText, startReplayServer, type ReplayServer, type SeenRequest } from '../sources/replay-server.ts';
import { ingestionHarness, type IngestionHarness } from './ingestion-harness.ts';
import { databaseDump, redisDump, startLogSink, storedBars, waitForErrorLogs, type LogSink } from './provider-ingest-support.ts';

const API_KEY = 'pg_E2eTeStKeY_7c1d9a4f2b8e63a0';
// The fixtures' three 1-minute AAPL aggregates, 14:30 … 14:32 on 2024-01-03, over two pages.
const RANGE = { interval: '1m' as const, start: '2024-01-03T14:30:00Z', end: '2024-01-03T14:35:00Z' };
const FROM_TO = '1704292200000/1704292499999';
const fastRetry = { backoff: { type: 'fixed' as const, delay: 100 } };

type Answer = (req: SeenRequest, res: ServerResponse) => void;

/** One-shot answers per ticker for the aggregates endpoint, taken in order before the default behaviour. */
let script: Record<string, Answer[]> = {};
/** The key the fake Polygon currently accepts (a revoked key is simulated by changing it). */
let acceptedKey = API_KEY;
/** Edits the recorded page bodies before they are sent (page 1 or 2). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a recorded body, edited freely
let editPage: (page: 1 | 2, body: any) => void = () => {};
let server: ReplayServer;
let h: IngestionHarness;
let sink: LogSink;

const requestId = () => Math.random().toString(16).slice(2).padEnd(32, '0');

function aggregates(req: SeenRequest, res: ServerResponse, ticker: string): void {
  const scripted = script[ticker]?.shift();
  if (scripted) return scripted(req, res);
  if (ticker === 'AAPL') {
    const page = req.query.has('cursor') ? 2 : 1;
    const body = fixture(page === 1 ? 'polygon-aggs-AAPL-1minute-page1.json' : 'polygon-aggs-AAPL-1minute-page2.json');
    editPage(page, body);
    return sendJson(res, 200, body);
  }
  // Polygon answers an unknown ticker like a day without trading: an empty OK.
  sendJson(res, 200, { ticker, queryCount: 0, resultsCount: 0, adjusted: true, status: 'OK', request_id: requestId() });
}

function tickerDetails(res: ServerResponse, ticker: string): void {
  if (ticker === 'AAPL') return sendJson(res, 200, fixture('polygon-ticker-AAPL.json'));
  sendJson(res, 404, { status: 'NOT_FOUND', request_id: requestId(), message: 'Ticker not found.' });
}

beforeAll(async () => {
  server = await startReplayServer((req, res) => {
    const aggs = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/\d+\/\w+\/\d+\/\d+$/.exec(req.path);
    const details = /^\/v3\/reference\/tickers\/([^/]+)$/.exec(req.path);
    if (!aggs && !details) return sendText(res, 404, '404 page not found');
    if (req.query.get('apiKey') !== acceptedKey) {
      return sendJson(res, 401, { status: 'ERROR', request_id: requestId(), error: 'Unknown API Key' });
    }
    if (aggs) return aggregates(req, res, decodeURIComponent(aggs[1]!));
    tickerDetails(res, decodeURIComponent(details![1]!));
  });
  h = await ingestionHarness();
  [sink] = await Promise.all([
    startLogSink(h),
    h.start({ POLYGON_BASE_URL: server.url, POLYGON_API_KEY: API_KEY, SOURCE_RATE_LIMITS: 'polygon=50' }),
  ]);
});
afterAll(async () => {
  await sink?.service.stop();
  await h?.teardown();
  await server?.close();
});
beforeEach(async () => {
  script = {};
  acceptedKey = API_KEY;
  editPage = () => {};
  server.seen.length = 0;
  await truncateTables(h.database.db, ['market_data', 'stock_info']);
});

const AAPL_BARS = [
  { timestamp: '2024-01-03T14:30:00.000Z', open: 184.22, high: 184.4, low: 183.95, close: 184.06, volume: 1254233 },
  { timestamp: '2024-01-03T14:31:00.000Z', open: 184.05, high: 184.11, low: 183.77, close: 183.8, volume: 442107 },
  { timestamp: '2024-01-03T14:32:00.000Z', open: 183.81, high: 183.93, low: 183.66, close: 183.9, volume: 301552 },
];

async function aaplBars() {
  return (await storedBars(h, 'polygon')).filter((b) => b.symbol === 'AAPL').map(({ symbol: _s, correlation_id: _c, ...bar }) => bar);
}

async function stockInfo() {
  const { rows } = await sql`
    select symbol, company_name, sector, industry, market_cap, country, currency, exchange, source from stock_info order by symbol`.execute(h.database.db);
  return rows;
}

const AAPL_INFO = {
  symbol: 'AAPL',
  company_name: 'Apple Inc.',
  sector: null,
  industry: 'ELECTRONIC COMPUTERS',
  market_cap: 2771126040150,
  country: 'US',
  currency: 'USD',
  exchange: 'XNAS',
  source: 'polygon',
};

describe('ingest job with the Polygon source (real client, local server)', () => {
  it('stores the aggregates of both pages with their values, timestamps and correlation id, and fills stock_info', async () => {
    const { jobId, correlationId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'polygon', ...RANGE }, { jobId: 'polygon-pages' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toEqual({ symbols: 1, fetched: 3, stored: 3, rejected: 0, empty: 0, outsideSession: 0, featureJobs: 1, failed: {}, metadata: ['AAPL'], withoutMetadata: [] });

    const rows = await storedBars(h, 'polygon');
    expect(rows.map(({ symbol: _s, correlation_id: _c, ...bar }) => bar)).toEqual(AAPL_BARS);
    expect(new Set(rows.map((r) => [r.symbol, r.correlation_id].join()))).toEqual(new Set([`AAPL,${correlationId}`]));

    // Page 2 is next_url re-based on our server (it named api.polygon.io), with the key appended.
    expect(server.seen.map((r) => [r.path, r.query.get('cursor')])).toEqual([
      [`/v2/aggs/ticker/AAPL/range/1/minute/${FROM_TO}`, null],
      ['/v2/aggs/ticker/AAPL/range/1/minute/1704292320000/1704292499999', 'bGltaXQ9MiZzb3J0PWFzYw'],
      ['/v3/reference/tickers/AAPL', null],
    ]);
    for (const r of server.seen) expect(r.query.get('apiKey')).toBe(API_KEY);
    expect(await stockInfo()).toEqual([AAPL_INFO]);
  });

  it('pauses the source on a 429 with Retry-After (an HTTP date) and delays the job, which then completes', async () => {
    const retryAt = new Date((Math.floor(Date.now() / 1000) + 2) * 1000).toUTCString();
    const tooMany = "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing";
    script = { AAPL: [(_req, res) => sendJson(res, 429, { status: 'ERROR', request_id: requestId(), error: tooMany }, { 'retry-after': retryAt })] };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'polygon', ...RANGE }, { jobId: 'polygon-429' });
    await h.waitForJob('ingest', jobId, ['delayed']);
    const pausedFor = await h.redis.pttl(`${h.prefix}:source-paused:polygon`);
    expect(pausedFor).toBeGreaterThan(0);
    expect(pausedFor).toBeLessThanOrEqual(2_000);

    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.failedReason).toBeUndefined();
    expect(job.attemptsMade).toBeLessThanOrEqual(1);
    expect(await aaplBars()).toEqual(AAPL_BARS);
    // The 429, both pages, the ticker details.
    expect(server.seen).toHaveLength(4);
  });

  it('retries a 502 and a malformed body with backoff, then stores the bars', async () => {
    script = {
      AAPL: [
        (_req, res) => sendText(res, 502, '<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>', { 'content-type': 'text/html' }),
        // Page 1 cut off mid-body.
        (_req, res) => sendJson(res, 200, JSON.stringify(fixture('polygon-aggs-AAPL-1minute-page1.json')).slice(0, 120)),
      ],
    };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'polygon', ...RANGE }, { jobId: 'polygon-502', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(3);
    expect((job.stacktrace ?? []).join('\n')).toMatch(/HTTP 502 for AAPL: <html>/);
    expect((job.stacktrace ?? []).join('\n')).toMatch(/malformed response for AAPL: response is not valid JSON/);
    expect(await aaplBars()).toEqual(AAPL_BARS);
  });

  it('hands on a symbol stored by an earlier attempt once, under the same job id, when the job is retried for another symbol', async () => {
    await h.client.queue('features').drain(true);
    const page = (name: string): Answer => (_req, res) => sendJson(res, 200, fixture(name));
    // MSFT fails the first attempt (after AAPL is fetched), then answers with the same bars.
    script = { MSFT: [(_req, res) => sendText(res, 502, 'Bad Gateway'), page('polygon-aggs-AAPL-1minute-page1.json'), page('polygon-aggs-AAPL-1minute-page2.json')] };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL', 'MSFT'], source: 'polygon', ...RANGE }, { jobId: 'polygon-retry-handoff', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);

    const handedOn = (await h.client.queue('features').getJobs(['waiting', 'delayed', 'prioritized']))
      .map((j) => [j.data.symbol, j.data.start, j.data.end])
      .sort();
    // [first changed bar, last changed bar + 1 minute), for AAPL by attempt 1 and for MSFT by attempt 2.
    expect(handedOn).toEqual([
      ['AAPL', '2024-01-03T14:30:00.000Z', '2024-01-03T14:33:00.000Z'],
      ['MSFT', '2024-01-03T14:30:00.000Z', '2024-01-03T14:33:00.000Z'],
    ]);
  });

  it('refuses an aggregate without a close and one with a null volume, and stores the other', async () => {
    // The parser turns a missing or null field into null (it does not drop the bar or fail the
    // page); validation then refuses each such bar as missing_value.
    editPage = (page, body) => {
      if (page === 1) delete body.results[1].c;
      else body.results[0].v = null;
    };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'polygon', ...RANGE }, { jobId: 'polygon-nulls' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ fetched: 3, stored: 1, rejected: 2, failed: {} });
    expect(await aaplBars()).toEqual([AAPL_BARS[0]]);
  });

  it('fails an unknown ticker permanently, without retries, and keeps the good symbol of the job', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL', 'ZZZZQ'], source: 'polygon', ...RANGE }, { jobId: 'polygon-unknown', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['failed']);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('not ingested (permanent): ZZZZQ (permanent: polygon: unknown ticker ZZZZQ)');
    expect(await aaplBars()).toEqual(AAPL_BARS);
    expect((await storedBars(h, 'polygon')).filter((b) => b.symbol !== 'AAPL')).toEqual([]);
    // The empty answer was checked against the reference API before the symbol was given up.
    expect(server.seen.map((r) => r.path)).toContain('/v3/reference/tickers/ZZZZQ');
    expect(await stockInfo()).toEqual([AAPL_INFO]);
  });

  it('fails permanently, without retries, on a key Polygon does not know (401) or a plan without access (403)', async () => {
    acceptedKey = 'pg_SomeoneElsesKey_000000000000';
    const revoked = await h.client.enqueue('ingest', { symbols: ['AAPL', 'MSFT'], source: 'polygon', ...RANGE }, { jobId: 'polygon-401', ...fastRetry });
    const unknownKey = await h.waitForJob('ingest', revoked.jobId, ['failed']);
    expect(unknownKey.attemptsMade).toBe(1);
    expect(unknownKey.failedReason).toBe(
      'not ingested (permanent): AAPL (permanent: polygon: HTTP 401 for AAPL: Unknown API Key); MSFT (permanent: polygon: HTTP 401 for MSFT: Unknown API Key)',
    );

    acceptedKey = API_KEY;
    const notEntitled = 'You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing';
    script = { AAPL: [(_req, res) => sendJson(res, 403, { status: 'NOT_AUTHORIZED', request_id: requestId(), message: notEntitled })] };
    const plan = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'polygon', ...RANGE }, { jobId: 'polygon-403', ...fastRetry });
    const forbidden = await h.waitForJob('ingest', plan.jobId, ['failed']);
    expect(forbidden.attemptsMade).toBe(1);
    expect(forbidden.failedReason).toBe(`not ingested (permanent): AAPL (permanent: polygon: HTTP 403 for AAPL: ${notEntitled})`);
    expect(await storedBars(h, 'polygon')).toEqual([]);
  });

  it('keeps the key out of failedReason, stack traces, error_logs, every stored row and Redis, even when Polygon echoes it', async () => {
    const echo = (status: number, text: string) => (req: SeenRequest, res: ServerResponse) =>
      sendJson(res, status, { status: 'ERROR', request_id: requestId(), error: `${text} ${String(req.query.get('apiKey'))}` });
    script = { MSFT: [echo(401, 'Unknown API Key')], AAPL: [echo(500, 'internal error serving key')] };
    const failing = await h.client.enqueue('ingest', { symbols: ['MSFT'], source: 'polygon', ...RANGE }, { jobId: 'polygon-echo-401', ...fastRetry });
    const recovering = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'polygon', ...RANGE }, { jobId: 'polygon-echo-500', ...fastRetry });

    const failed = await h.waitForJob('ingest', failing.jobId, ['failed']);
    expect(failed.attemptsMade).toBe(1);
    // Redacted by the client itself ('[redacted]'), before the service's own scrubber ('[REDACTED]').
    expect(failed.failedReason).toBe('not ingested (permanent): MSFT (permanent: polygon: HTTP 401 for MSFT: Unknown API Key [redacted])');
    const recovered = await h.waitForJob('ingest', recovering.jobId, ['completed']);
    expect(recovered.attemptsMade).toBe(2);
    expect((recovered.stacktrace ?? []).join('\n')).toContain('internal error serving key [redacted]');
    expect(await aaplBars()).toEqual(AAPL_BARS);
    expect(await stockInfo()).toEqual([AAPL_INFO]);

    // One error record per failed attempt, shipped by the service and written by the real sink.
    const [permanent] = await waitForErrorLogs(h, failing.jobId, 1);
    expect(permanent).toMatchObject({ error_type: 'UnrecoverableError', metadata: { attempt: 1, final: true } });
    expect(permanent!.error_message).toContain('Unknown API Key [redacted]');
    const [transient] = await waitForErrorLogs(h, recovering.jobId, 1);
    expect(transient).toMatchObject({ error_type: 'Error', metadata: { attempt: 1, final: false } });
    expect(transient!.error_message).toContain('HTTP 500 for AAPL: internal error serving key [redacted]');

    const everything = [await databaseDump(h), await redisDump(h), sink.lines.join('\n'), (failed.stacktrace ?? []).join('\n')].join('\n');
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(API_KEY);
  });
});
