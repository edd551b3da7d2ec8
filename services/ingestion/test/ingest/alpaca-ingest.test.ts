import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { truncateTables } from '@mltrading/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, sendJson, sendText, startReplayServer, type ReplayServer, type SeenRequest } from '../sources/replay-server.ts';
import { ingestionHarness, type IngestionHarness } from './ingestion-harness.ts';
import { databaseDump, redisDump, startLogSink, storedBars, waitForErrorLogs, type LogSink } from './provider-ingest-support.ts';

const KEY_ID = 'PKE2EALPACA7Q2XJ4M1Z';
const SECRET = 'e2eAlpacaSecret0a9b8c7d6e5f4g3h2i1j0kLm';
// The fixtures' four 5-minute AAPL bars, 14:30 … 14:45 on 2024-01-03, over two pages.
const RANGE = { interval: '5m' as const, start: '2024-01-03T14:30:00Z', end: '2024-01-03T14:50:00Z' };
const fastRetry = { backoff: { type: 'fixed' as const, delay: 100 } };

type Answer = (req: SeenRequest, res: ServerResponse) => void;

/** One-shot answers per symbol, taken in order before the default behaviour. */
let script: Record<string, Answer[]> = {};
/** The key pair the fake Alpaca currently accepts (a revoked key is simulated by changing it). */
let accepted = { keyId: KEY_ID, secret: SECRET };
/** Edits the recorded page bodies before they are sent (page 1 or 2). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a recorded body, edited freely
let editPage: (page: 1 | 2, body: any) => void = () => {};
let server: ReplayServer;
let h: IngestionHarness;
let sink: LogSink;

function bars(req: SeenRequest, res: ServerResponse): void {
  const symbol = decodeURIComponent(req.path.split('/')[3]!);
  // Alpaca's answer to bad or missing credentials on the market-data API (see its FAQ).
  if (req.headers['apca-api-key-id'] !== accepted.keyId || req.headers['apca-api-secret-key'] !== accepted.secret) {
    return sendJson(res, 403, { message: 'forbidden.' });
  }
  const scripted = script[symbol]?.shift();
  if (scripted) return scripted(req, res);
  if (symbol === 'AAPL') {
    const page = req.query.get('page_token') === null ? 1 : 2;
    const body = fixture(page === 1 ? 'alpaca-bars-AAPL-5Min-page1.json' : 'alpaca-bars-AAPL-5Min-page2.json');
    editPage(page, body);
    return sendJson(res, 200, body);
  }
  // Alpaca answers a well-formed symbol it has no bars for (unknown or not) with an empty 200.
  sendJson(res, 200, { bars: null, symbol, next_page_token: null });
}

beforeAll(async () => {
  server = await startReplayServer((req, res) => {
    if (/^\/v2\/stocks\/[^/]+\/bars$/.test(req.path)) return bars(req, res);
    sendText(res, 404, 'Not Found');
  });
  h = await ingestionHarness();
  [sink] = await Promise.all([
    startLogSink(h),
    h.start({
      ALPACA_DATA_URL: server.url,
      ALPACA_API_KEY_ID: KEY_ID,
      ALPACA_API_SECRET_KEY: SECRET,
      SOURCE_RATE_LIMITS: 'alpaca=50',
    }),
  ]);
});
afterAll(async () => {
  await sink?.service.stop();
  await h?.teardown();
  await server?.close();
});
beforeEach(async () => {
  script = {};
  accepted = { keyId: KEY_ID, secret: SECRET };
  editPage = () => {};
  server.seen.length = 0;
  await truncateTables(h.database.db, ['market_data', 'stock_info']);
});

/** The four fixture bars as they must be stored (fixture prices have ≤ 2 decimals: stored exactly). */
const AAPL_BARS = [
  { timestamp: '2024-01-03T14:30:00.000Z', open: 184.22, high: 184.59, low: 183.69, close: 183.97, volume: 58112 },
  { timestamp: '2024-01-03T14:35:00.000Z', open: 183.96, high: 184.11, low: 183.43, close: 183.5, volume: 31884 },
  { timestamp: '2024-01-03T14:40:00.000Z', open: 183.52, high: 183.9, low: 183.46, close: 183.84, volume: 22907 },
  { timestamp: '2024-01-03T14:45:00.000Z', open: 183.83, high: 184.02, low: 183.6, close: 183.62, volume: 19455 },
];

async function aaplBars() {
  return (await storedBars(h, 'alpaca')).filter((b) => b.symbol === 'AAPL').map(({ symbol: _s, correlation_id: _c, ...bar }) => bar);
}

describe('ingest job with the Alpaca source (real client, local server)', () => {
  it('stores the bars of both pages with their values, timestamps and the flow correlation id', async () => {
    const { jobId, correlationId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-pages' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    // Alpaca has no metadata (its asset API is on another origin): the result says so.
    expect(job.returnvalue).toEqual({ symbols: 1, fetched: 4, stored: 4, rejected: 0, empty: 0, outsideSession: 0, featureJobs: 1, failed: {}, metadata: [], withoutMetadata: ['AAPL'] });

    const rows = await storedBars(h, 'alpaca');
    expect(rows.map(({ symbol: _s, correlation_id: _c, ...bar }) => bar)).toEqual(AAPL_BARS);
    expect(new Set(rows.map((r) => [r.symbol, r.correlation_id].join()))).toEqual(new Set([`AAPL,${correlationId}`]));

    // Two requests: the second follows next_page_token; both carry the keys from the environment.
    expect(server.seen.map((r) => [r.path, r.query.get('timeframe'), r.query.get('start'), r.query.get('end'), r.query.get('page_token')])).toEqual([
      ['/v2/stocks/AAPL/bars', '5Min', '2024-01-03T14:30:00.000Z', '2024-01-03T14:49:59.999Z', null],
      ['/v2/stocks/AAPL/bars', '5Min', '2024-01-03T14:30:00.000Z', '2024-01-03T14:49:59.999Z', 'QUFQTHxNfDIwMjQtMDEtMDNUMTQ6MzU6MDAuMDAwMDAwMDAwWg=='],
    ]);
    for (const r of server.seen) expect([r.headers['apca-api-key-id'], r.headers['apca-api-secret-key']]).toEqual([KEY_ID, SECRET]);

    // Alpaca has no company metadata: stock_info stays empty rather than half-filled.
    const { rows: info } = await sql`select symbol from stock_info`.execute(h.database.db);
    expect(info).toEqual([]);
  });

  it('pauses the source on a 429 with Retry-After and delays the job, which then completes', async () => {
    script = { AAPL: [(_req, res) => sendJson(res, 429, { message: 'too many requests.' }, { 'retry-after': '1' })] };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-429' });
    await h.waitForJob('ingest', jobId, ['delayed']);
    const pausedFor = await h.redis.pttl(`${h.prefix}:source-paused:alpaca`);
    expect(pausedFor).toBeGreaterThan(0);
    expect(pausedFor).toBeLessThanOrEqual(1_000);

    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.failedReason).toBeUndefined();
    // The delay did not spend an attempt.
    expect(job.attemptsMade).toBeLessThanOrEqual(1);
    expect(await aaplBars()).toEqual(AAPL_BARS);
    // The 429, then both pages again.
    expect(server.seen).toHaveLength(3);
  });

  it('retries a 500 and a malformed body with backoff, then stores the bars', async () => {
    script = {
      AAPL: [
        (_req, res) => sendJson(res, 500, { message: 'internal server error' }),
        // Page 1 cut off mid-body.
        (_req, res) => sendJson(res, 200, JSON.stringify(fixture('alpaca-bars-AAPL-5Min-page1.json')).slice(0, 90)),
      ],
    };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-500', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(3);
    expect((job.stacktrace ?? []).join('\n')).toMatch(/HTTP 500 for AAPL: internal server error/);
    expect((job.stacktrace ?? []).join('\n')).toMatch(/malformed response for AAPL: response is not valid JSON/);
    expect(await aaplBars()).toEqual(AAPL_BARS);
  });

  it('refuses a bar without a close and a bar with a null volume, and stores the others', async () => {
    // The parser turns a missing or null field into null (it does not drop the bar or fail the
    // page); validation then refuses each such bar as missing_value.
    editPage = (page, body) => {
      if (page === 1) delete body.bars[1].c;
      else body.bars[0].v = null;
    };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-nulls' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ fetched: 4, stored: 2, rejected: 2, failed: {} });
    expect(await aaplBars()).toEqual([AAPL_BARS[0], AAPL_BARS[3]]);
  });

  it('fails a symbol Alpaca rejects (422) permanently, without retries, and keeps the good symbol of the job', async () => {
    script = { ZZZZQ: [(_req, res) => sendJson(res, 422, { code: 42210000, message: 'invalid symbol: ZZZZQ' })] };
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL', 'ZZZZQ'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-422', ...fastRetry });
    const job = await h.waitForJob('ingest', jobId, ['failed']);
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('not ingested (permanent): ZZZZQ (permanent: alpaca: HTTP 422 for ZZZZQ: invalid symbol: ZZZZQ)');
    expect(await aaplBars()).toEqual(AAPL_BARS);
    expect((await storedBars(h, 'alpaca')).filter((b) => b.symbol !== 'AAPL')).toEqual([]);
  });

  it('cannot tell an unknown symbol from a range without trades when Alpaca answers 200 with no bars: the job completes', async () => {
    // Known limitation, not a wish: the bars endpoint answers a well-formed but unknown symbol with
    // `bars: null`, and the client has no reference lookup (the assets API is on another origin).
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL', 'ZZZZQ'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-empty-unknown' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ symbols: 2, fetched: 4, stored: 4, failed: {} });
    expect((await storedBars(h, 'alpaca')).map((b) => b.symbol)).toEqual(['AAPL', 'AAPL', 'AAPL', 'AAPL']);
  });

  it('fails permanently, without retries, on credentials Alpaca refuses (403) or does not know (401)', async () => {
    accepted = { keyId: 'PKSOMEONEELSE0000000', secret: SECRET };
    const revoked = await h.client.enqueue('ingest', { symbols: ['AAPL', 'MSFT'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-403', ...fastRetry });
    const forbidden = await h.waitForJob('ingest', revoked.jobId, ['failed']);
    expect(forbidden.attemptsMade).toBe(1);
    expect(forbidden.failedReason).toBe(
      'not ingested (permanent): AAPL (permanent: alpaca: HTTP 403 for AAPL: forbidden.); MSFT (permanent: alpaca: HTTP 403 for MSFT: forbidden.)',
    );

    accepted = { keyId: KEY_ID, secret: SECRET };
    script = { AAPL: [(_req, res) => sendJson(res, 401, { message: 'unauthorized.' })] };
    const unknown = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-401', ...fastRetry });
    const unauthorized = await h.waitForJob('ingest', unknown.jobId, ['failed']);
    expect(unauthorized.attemptsMade).toBe(1);
    expect(unauthorized.failedReason).toBe('not ingested (permanent): AAPL (permanent: alpaca: HTTP 401 for AAPL: unauthorized.)');
    expect(await storedBars(h, 'alpaca')).toEqual([]);
  });

  it('keeps the keys out of failedReason, stack traces, error_logs, every stored row and Redis, even when Alpaca echoes them', async () => {
    const echo = (status: number) => (req: SeenRequest, res: ServerResponse) =>
      sendJson(res, status, { message: `${status === 401 ? 'unauthorized' : 'internal error'}: key ${String(req.headers['apca-api-key-id'])} secret ${String(req.headers['apca-api-secret-key'])}` });
    script = { MSFT: [echo(401)], AAPL: [echo(500)] };
    const failing = await h.client.enqueue('ingest', { symbols: ['MSFT'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-echo-401', ...fastRetry });
    const recovering = await h.client.enqueue('ingest', { symbols: ['AAPL'], source: 'alpaca', ...RANGE }, { jobId: 'alpaca-echo-500', ...fastRetry });

    const failed = await h.waitForJob('ingest', failing.jobId, ['failed']);
    expect(failed.attemptsMade).toBe(1);
    // Redacted by the client itself ('[redacted]'), before the service's own scrubber ('[REDACTED]').
    expect(failed.failedReason).toBe('not ingested (permanent): MSFT (permanent: alpaca: HTTP 401 for MSFT: unauthorized: key [redacted] secret [redacted])');
    const recovered = await h.waitForJob('ingest', recovering.jobId, ['completed']);
    expect(recovered.attemptsMade).toBe(2);
    expect((recovered.stacktrace ?? []).join('\n')).toContain('internal error: key [redacted] secret [redacted]');
    expect(await aaplBars()).toEqual(AAPL_BARS);

    // One error record per failed attempt, shipped by the service and written by the real sink.
    const [permanent] = await waitForErrorLogs(h, failing.jobId, 1);
    expect(permanent).toMatchObject({ error_type: 'UnrecoverableError', metadata: { attempt: 1, final: true } });
    expect(permanent!.error_message).toContain('key [redacted] secret [redacted]');
    const [transient] = await waitForErrorLogs(h, recovering.jobId, 1);
    expect(transient).toMatchObject({ error_type: 'Error', metadata: { attempt: 1, final: false } });
    expect(transient!.error_message).toContain('HTTP 500 for AAPL: internal error: key [redacted] secret [redacted]');

    const everything = [await databaseDump(h), await redisDump(h), sink.lines.join('\n'), (failed.stacktrace ?? []).join('\n')].join('\n');
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(KEY_ID);
    expect(everything).not.toContain(SECRET);
  });
});
