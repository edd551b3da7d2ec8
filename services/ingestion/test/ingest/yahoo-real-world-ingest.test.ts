// Yahoo as real users meet it: every kind of symbol, the consent flow some regions get, empty bars
// and bars outside the session, a 429 that never says how long to wait. The real client
// (yahoo-finance2) talks to a local server replaying recorded answers.
import type { ServerResponse } from 'node:http';
import { truncateTables } from '@mltrading/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, sendJson, sendText, startReplayServer, type ReplayServer, type SeenRequest } from '../sources/replay-server.ts';
import { ingestionHarness, type IngestionHarness } from './ingestion-harness.ts';

type Step = { status: number; headers: Record<string, string | string[]>; body: string };
const CHAIN = fixture<Record<string, Step> & { sessionId: string }>('yahoo-consent-chain.json');
const CHARTS = fixture<Record<string, unknown>>('yahoo-chart-symbols-1d.json');
const SUMMARIES = fixture<Record<string, unknown>>('yahoo-quoteSummary-symbols.json');
const SYMBOLS = ['^GSPC', 'EURUSD=X', 'GC=F', '0P000071W8.TO', 'BRK-B'];
const EARLY_JANUARY = { start: '2024-01-01T00:00:00Z', end: '2024-01-05T00:00:00Z' };
// A Wednesday within the 730 days Yahoo serves hourly bars for.
const SESSION_DAY = { start: '2025-12-03T00:00:00Z', end: '2025-12-04T00:00:00Z' };

let chartScript: Array<(res: ServerResponse) => void> = [];
let server: ReplayServer;
let h: IngestionHarness;

function send(res: ServerResponse, step: Step): void {
  res.writeHead(step.status, step.headers);
  res.end(step.body);
}

function cookies(req: SeenRequest): string {
  return String(req.headers.cookie ?? '');
}

/** Yahoo's hourly chart of AAPL with pre- and post-market bars and one empty bar (what includePrePost=true returns). */
function hourlyWithExtendedHours(): unknown {
  const body = fixture('yahoo-chart-AAPL-1m.json');
  const result = body.chart.result[0];
  result.meta.dataGranularity = '1h';
  const at = (hhmmUtc: string) => Date.parse(`2025-12-03T${hhmmUtc}:00Z`) / 1000;
  // 08:00 and 09:00 EST pre-market, 09:30 … 15:30 the session, 16:00 and 17:00 post-market, 18:00 without trades.
  result.timestamp = ['13:00', '14:00', '14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30', '21:00', '22:00', '23:00'].map(at);
  const base = [283.1, 283.4, 284.0, 284.6, 285.2, 284.9, 285.5, 286.1, 286.4, 286.2, 286.0];
  const quote = {
    open: [...base, null],
    high: [...base.map((p) => Math.round((p + 0.8) * 100) / 100), null],
    low: [...base.map((p) => Math.round((p - 0.7) * 100) / 100), null],
    close: [...base.map((p) => Math.round((p + 0.2) * 100) / 100), null],
    volume: [41_200, 88_900, 6_514_330, 4_120_018, 3_380_442, 2_905_117, 3_077_260, 3_620_874, 6_890_113, 412_551, 96_004, null],
  };
  result.indicators = { quote: [quote], adjclose: [{ adjclose: quote.close }] };
  return body;
}

function chart(req: SeenRequest, res: ServerResponse): void {
  const symbol = decodeURIComponent(req.path.split('/').pop()!);
  if (req.query.get('interval') === '1h') return sendJson(res, 200, hourlyWithExtendedHours());
  const recorded = symbol === 'AAPL' ? fixture('yahoo-chart-AAPL-1d.json') : CHARTS[symbol];
  if (recorded === undefined) return sendJson(res, 404, { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } });
  sendJson(res, 200, recorded);
}

/** The cookie, consent and crumb flow of a region where Yahoo asks for consent first. */
function consentRegion(req: SeenRequest, res: ServerResponse): boolean {
  if (req.path.startsWith('/quote/')) {
    send(res, cookies(req).includes('GUC=') ? CHAIN['quoteWithConsent']! : CHAIN['quote']!);
    return true;
  }
  if (req.path === '/consent') {
    if (!cookies(req).includes('GUCS=')) sendText(res, 400, 'consent session cookie missing');
    else send(res, CHAIN['consent']!);
    return true;
  }
  if (req.path === '/v2/collectConsent') {
    if (req.method === 'GET') return (send(res, CHAIN['collectConsent']!), true);
    const form = new URLSearchParams(req.body);
    const agreed =
      form.get('csrfToken') === 'XjJfOYU' &&
      form.get('sessionId') === CHAIN.sessionId &&
      form.get('originalDoneUrl') === 'https://finance.yahoo.com/quote/AAPL/?guccounter=1' &&
      form.getAll('agree').includes('agree');
    if (!agreed) sendText(res, 400, `consent form incomplete: ${req.body}`);
    else send(res, CHAIN['collectConsentSubmit']!);
    return true;
  }
  if (req.path === '/copyConsent') return (send(res, CHAIN['copyConsent']!), true);
  if (req.path === '/v1/test/getcrumb') {
    if (!cookies(req).includes('A3=')) sendText(res, 403, 'Forbidden');
    else send(res, CHAIN['getcrumb']!);
    return true;
  }
  if (req.path.startsWith('/v10/finance/quoteSummary/')) {
    if (req.query.get('crumb') !== CHAIN['getcrumb']!.body) {
      sendJson(res, 401, { finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } });
      return true;
    }
    const symbol = decodeURIComponent(req.path.split('/').pop()!);
    const summary = symbol === 'AAPL' ? fixture('yahoo-quoteSummary-AAPL.json') : SUMMARIES[symbol];
    if (summary === undefined) {
      sendJson(res, 404, { quoteSummary: { result: null, error: { code: 'Not Found', description: `Quote not found for symbol: ${symbol}` } } });
    } else sendJson(res, 200, summary);
    return true;
  }
  return false;
}

const SERVICE_ENV = { SOURCE_RATE_LIMITS: 'yahoo=100', SOURCE_REQUEST_TIMEOUT_MS: '2000', SOURCE_RATE_LIMIT_BACKOFF_MS: '200', SOURCE_RATE_LIMIT_GIVE_UP_MS: '1000' };

beforeAll(async () => {
  server = await startReplayServer((req, res) => {
    if (consentRegion(req, res)) return;
    if (req.path.startsWith('/v8/finance/chart/')) {
      const scripted = chartScript.shift();
      return scripted ? scripted(res) : chart(req, res);
    }
    sendText(res, 404, 'not found');
  });
  h = await ingestionHarness();
  await h.start({ YAHOO_BASE_URL: server.url, ...SERVICE_ENV });
});
afterAll(async () => {
  await h?.teardown();
  await server?.close();
});
beforeEach(async () => {
  chartScript = [];
  server.seen.length = 0;
  await h.redis.del(`${h.prefix}:source-paused:yahoo`);
  await truncateTables(h.database.db, ['market_data', 'stock_info']);
});

async function stored(symbol: string, source = 'yahoo', db = h.database.db): Promise<{ timestamp: string; close: number; volume: number }[]> {
  const { rows } = await sql<{ timestamp: Date; close: number; volume: string }>`
    select timestamp, close, volume from market_data where symbol = ${symbol} and source = ${source} order by timestamp`.execute(db);
  return rows.map((r) => ({ timestamp: r.timestamp.toISOString(), close: Number(r.close), volume: Number(r.volume) }));
}

describe('Yahoo in the real world (real client, recorded answers, local server)', () => {
  it('walks the consent chain (quote page → consent → collectConsent → copyConsent → getcrumb) and fills stock_info', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', start: '2024-01-01T00:00:00Z', end: '2024-01-13T00:00:00Z' });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason, 'job').toBeUndefined();
    expect(job.returnvalue).toMatchObject({ stored: 9, metadata: ['AAPL'], withoutMetadata: [] });
    const { rows } = await sql<{ company_name: string; sector: string }>`select company_name, sector from stock_info where symbol = 'AAPL'`.execute(h.database.db);
    expect(rows).toEqual([{ company_name: 'Apple Inc.', sector: 'Technology' }]);

    const flow = server.seen.filter((r) => !r.path.startsWith('/v8/')).map((r) => `${r.method} ${r.path}`);
    expect(flow).toEqual([
      'GET /quote/AAPL',
      'GET /consent',
      'GET /v2/collectConsent',
      'POST /v2/collectConsent',
      'GET /copyConsent',
      'GET /quote/AAPL/',
      'GET /v1/test/getcrumb',
      'GET /v10/finance/quoteSummary/AAPL',
    ]);
    expect(server.seen.find((r) => r.path === '/copyConsent')?.query.get('sessionId')).toBe(CHAIN.sessionId);
  });

  it('ingests an index, a currency, a future, a fund and a class share into market_data, and says which have no metadata', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: SYMBOLS, interval: '1d', ...EARLY_JANUARY });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason, 'job').toBeUndefined();
    expect(job.returnvalue).toMatchObject({ symbols: 5, fetched: 15, stored: 15, rejected: 0, failed: {} });
    expect([...job.returnvalue.metadata].sort()).toEqual(['BRK-B', 'EURUSD=X', '^GSPC']);
    expect([...job.returnvalue.withoutMetadata].sort()).toEqual(['0P000071W8.TO', 'GC=F']);

    expect(await stored('^GSPC')).toEqual([
      { timestamp: '2024-01-02T14:30:00.000Z', close: 4742.83, volume: 3_743_050_000 },
      { timestamp: '2024-01-03T14:30:00.000Z', close: 4704.81, volume: 3_950_760_000 },
      { timestamp: '2024-01-04T14:30:00.000Z', close: 4688.68, volume: 3_715_480_000 },
    ]);
    // Currencies and funds trade without volume: 0 is a valid volume.
    expect((await stored('EURUSD=X')).map((b) => [b.close, b.volume])).toEqual([[1.1039, 0], [1.0942, 0], [1.0923, 0]]);
    expect((await stored('GC=F')).map((b) => b.close)).toEqual([2073.4, 2042.3, 2042.1]);
    expect((await stored('0P000071W8.TO')).map((b) => b.close)).toEqual([23.49, 23.31, 23.18]);
    expect((await stored('BRK-B')).map((b) => b.close)).toEqual([362.45, 360.09, 359.74]);
    const chartPaths = server.seen.filter((r) => r.path.startsWith('/v8/')).map((r) => decodeURIComponent(r.path.split('/').pop()!));
    expect(chartPaths.sort()).toEqual([...SYMBOLS].sort());

    const { rows } = await sql<{ symbol: string; company_name: string; exchange: string; currency: string }>`
      select symbol, company_name, exchange, currency from stock_info order by symbol`.execute(h.database.db);
    expect(rows).toEqual([
      { symbol: 'BRK-B', company_name: 'Berkshire Hathaway Inc.', exchange: 'NYSE', currency: 'USD' },
      { symbol: 'EURUSD=X', company_name: 'EUR/USD', exchange: 'CCY', currency: 'USD' },
      { symbol: '^GSPC', company_name: 'S&P 500', exchange: 'SNP', currency: 'USD' },
    ]);
  });

  it('skips empty bars quietly and keeps bars outside the session by default (INGEST_EXTENDED_HOURS=keep)', async () => {
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1h', ...SESSION_DAY });
    const job = await h.waitForJob('ingest', jobId, ['completed', 'failed']);
    expect(job.failedReason, 'job').toBeUndefined();
    expect(job.returnvalue).toMatchObject({ fetched: 12, stored: 11, empty: 1, rejected: 0, outsideSession: 0 });
    const bars = await stored('AAPL');
    expect([bars[0]!.timestamp, bars.at(-1)!.timestamp]).toEqual(['2025-12-03T13:00:00.000Z', '2025-12-03T22:00:00.000Z']);
  });

  it('drops intraday bars outside the regular session with INGEST_EXTENDED_HOURS=drop', async () => {
    const other = await ingestionHarness();
    try {
      await other.start({ YAHOO_BASE_URL: server.url, ...SERVICE_ENV, INGEST_EXTENDED_HOURS: 'drop' });
      const { jobId } = await other.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1h', ...SESSION_DAY });
      const job = await other.waitForJob('ingest', jobId, ['completed', 'failed']);
      expect(job.failedReason, 'job').toBeUndefined();
      expect(job.returnvalue).toMatchObject({ fetched: 12, stored: 7, empty: 1, rejected: 0, outsideSession: 4 });
      const bars = await stored('AAPL', 'yahoo', other.database.db);
      expect(bars.map((b) => b.timestamp.slice(11, 16))).toEqual(['14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30']);
      // Daily bars name a day, not a time: never dropped.
      const daily = await other.client.enqueue('ingest', { symbols: ['^GSPC'], interval: '1d', ...EARLY_JANUARY });
      expect((await other.waitForJob('ingest', daily.jobId, ['completed', 'failed'])).returnvalue).toMatchObject({ stored: 3, outsideSession: 0 });
    } finally {
      await other.teardown();
    }
  });

  it('pauses with growing delays on 429s without Retry-After and fails with the reason once the total is used up', async () => {
    chartScript = Array.from({ length: 10 }, () => (res: ServerResponse) => sendText(res, 429, 'Too Many Requests'));
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['AAPL'], interval: '1d', ...EARLY_JANUARY }, { jobId: 'ingest-429-no-hint' });
    const job = await h.waitForJob('ingest', jobId, ['failed', 'completed'], 60_000);
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toBe(
      'yahoo kept answering 429 (too many requests) without Retry-After: gave up after 3 pause(s) (200, 400, 400 ms; 1000 ms in total, SOURCE_RATE_LIMIT_GIVE_UP_MS=1000); not ingested: AAPL',
    );
    expect(job.failedReason).not.toMatch(/will retry/);
    expect(server.seen.filter((r) => r.path.startsWith('/v8/'))).toHaveLength(4);
    expect(chartScript).toHaveLength(6);
    // The job's pauses are forgotten once it failed.
    expect(await h.redis.exists(`${h.prefix}:source-backoff:${jobId}`)).toBe(0);
  });

  it('says "no attempts left", never "will retry", when the last attempt fails on a transient error', async () => {
    chartScript = [(res) => sendText(res, 503, 'Service Unavailable'), (res) => sendText(res, 503, 'Service Unavailable')];
    const { jobId } = await h.client.enqueue('ingest', { symbols: ['BRK-B'], interval: '1d', ...EARLY_JANUARY }, {
      jobId: 'ingest-503-twice',
      attempts: 2,
      backoff: { type: 'fixed', delay: 100 },
    });
    const job = await h.waitForJob('ingest', jobId, ['failed', 'completed']);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(2);
    expect(job.failedReason).toMatch(/^transient source failures, no attempts left \(attempt 2 of 2\): BRK-B \(transient: yahoo: HTTP 503 for BRK-B: Service Unavailable\)$/);
    expect(job.stacktrace?.[0] ?? '').toMatch(/will retry \(attempt 1 of 2\)/);
  });
});
