import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import { createYahooSource } from '../../src/sources/yahoo/yahoo-source.ts';
import type { YahooRangeClip } from '../../src/sources/yahoo/yahoo-range-plan.ts';
import { SourceError } from '../../src/sources/source-error.ts';
import { fixture, hang, sendJson, sendText, startReplayServer, type ReplayServer, type SeenRequest } from './replay-server.ts';

const NOT_FOUND = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };
const INVALID_CRUMB = { finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } };
const NOW_2025_03_20 = Date.parse('2025-03-20T00:00:00Z');

/** Serves a chart fixture the way Yahoo does: only the bars inside [period1, period2). */
function replayChart(req: SeenRequest, res: ServerResponse, name: string): void {
  const body = fixture(name);
  const result = body.chart.result[0];
  const from = Number(req.query.get('period1'));
  const to = Number(req.query.get('period2'));
  const keep = (result.timestamp as number[]).map((t) => t >= from && t < to);
  result.timestamp = result.timestamp.filter((_: number, i: number) => keep[i]);
  for (const column of Object.keys(result.indicators.quote[0])) {
    result.indicators.quote[0][column] = result.indicators.quote[0][column].filter((_: unknown, i: number) => keep[i]);
  }
  if (result.indicators.adjclose) {
    result.indicators.adjclose[0].adjclose = result.indicators.adjclose[0].adjclose.filter((_: unknown, i: number) => keep[i]);
  }
  if (result.timestamp.length === 0) {
    delete result.timestamp;
    result.indicators = { quote: [{}], adjclose: [{}] };
  }
  sendJson(res, 200, body);
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

const range = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('yahoo source: bars', () => {
  it('parses daily bars in time order, ms timestamps, one request, regular session only', async () => {
    server = await startReplayServer((req, res) => replayChart(req, res, 'yahoo-chart-AAPL-1d.json'));
    const source = createYahooSource({ baseUrl: server.url });
    const bars = await source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') });

    expect(bars).toHaveLength(9);
    expect(bars[0]).toEqual({ timestamp: Date.parse('2024-01-02T14:30:00Z'), open: 187.15, high: 188.44, low: 183.885, close: 185.64, volume: 82488700 });
    expect(bars[8]).toEqual({ timestamp: Date.parse('2024-01-12T14:30:00Z'), open: 186.06, high: 186.74, low: 185.19, close: 185.92, volume: 40444700 });
    expect(bars.map((b) => b.timestamp)).toEqual([...bars.map((b) => b.timestamp)].sort((a, b) => a - b));

    expect(server.seen).toHaveLength(1);
    const [seen] = server.seen;
    expect(seen!.path).toBe('/v8/finance/chart/AAPL');
    expect(seen!.query.get('interval')).toBe('1d');
    expect(seen!.query.get('includePrePost')).toBe('false');
    expect(seen!.query.get('period1')).toBe(String(Date.parse('2024-01-02T00:00:00Z') / 1000));
    expect(seen!.query.get('period2')).toBe(String(Date.parse('2024-01-13T00:00:00Z') / 1000));
  });

  it('keeps only [start, end): a bar starting exactly at end is excluded', async () => {
    server = await startReplayServer((req, res) => replayChart(req, res, 'yahoo-chart-AAPL-1d.json'));
    const source = createYahooSource({ baseUrl: server.url });
    const bars = await source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-03T14:30:00Z', '2024-01-05T14:30:00Z') });
    expect(bars.map((b) => new Date(b.timestamp).toISOString())).toEqual(['2024-01-03T14:30:00.000Z', '2024-01-04T14:30:00.000Z']);
  });

  it('chunks 1m requests into 7-day requests and returns Yahoo\'s null bars as nulls', async () => {
    server = await startReplayServer((req, res) => replayChart(req, res, 'yahoo-chart-AAPL-1m.json'));
    const source = createYahooSource({ baseUrl: server.url, now: () => NOW_2025_03_20 });
    const bars = await source.fetchBars({ symbol: 'AAPL', interval: '1m', ...range('2025-03-03T00:00:00Z', '2025-03-13T00:00:00Z') });

    expect(server.seen.map((r) => [r.query.get('period1'), r.query.get('period2'), r.query.get('interval')])).toEqual([
      [String(Date.parse('2025-03-03T00:00:00Z') / 1000), String(Date.parse('2025-03-10T00:00:00Z') / 1000), '1m'],
      [String(Date.parse('2025-03-10T00:00:00Z') / 1000), String(Date.parse('2025-03-13T00:00:00Z') / 1000), '1m'],
    ]);
    expect(bars).toHaveLength(7);
    expect(bars[1]).toEqual({ timestamp: Date.parse('2025-03-03T14:31:00Z'), open: null, high: null, low: null, close: null, volume: null });
    expect(bars[4]).toEqual({ timestamp: Date.parse('2025-03-11T13:30:00Z'), open: 223.81, high: 224.52, low: 223.09, close: 223.41, volume: 2210456 });
    expect(bars[6]!.close).toBeNull();
  });

  it.each([
    // interval, requested days back from now, expected request widths in days (oldest first)
    ['5m', 45, [30, 15]],
    ['15m', 59, [30, 29]],
    ['30m', 31, [30, 1]],
    ['1h', 500, [200, 200, 100]],
    ['1d', 3650, [3650]],
  ] as const)('splits a %s request of %i days into requests Yahoo accepts', async (interval, days, widths) => {
    server = await startReplayServer((req, res) => replayChart(req, res, 'yahoo-chart-AAPL-1d.json'));
    const source = createYahooSource({ baseUrl: server.url, now: () => NOW_2025_03_20 });
    const start = NOW_2025_03_20 - days * 86_400_000;
    await source.fetchBars({ symbol: 'AAPL', interval, start: new Date(start), end: new Date(NOW_2025_03_20) });

    const periods = server.seen.map((r) => [Number(r.query.get('period1')) * 1000, Number(r.query.get('period2')) * 1000]);
    expect(server.seen.every((r) => r.query.get('interval') === interval)).toBe(true);
    expect(periods.map(([from, to]) => (to! - from!) / 86_400_000)).toEqual(widths);
    // Consecutive, without gaps or overlaps, covering exactly the request.
    expect(periods[0]![0]).toBe(start);
    for (let i = 1; i < periods.length; i += 1) expect(periods[i]![0]).toBe(periods[i - 1]![1]);
    expect(periods[periods.length - 1]![1]).toBe(NOW_2025_03_20);
  });

  it.each([
    ['5m', 60],
    ['1h', 730],
  ] as const)('clips a %s request to its look-back of %i days', async (interval, lookbackDays) => {
    server = await startReplayServer((req, res) => replayChart(req, res, 'yahoo-chart-AAPL-1d.json'));
    const clips: YahooRangeClip[] = [];
    const source = createYahooSource({ baseUrl: server.url, now: () => NOW_2025_03_20, onRangeClipped: (clip) => clips.push(clip) });
    await source.fetchBars({ symbol: 'AAPL', interval, start: new Date(NOW_2025_03_20 - (lookbackDays + 20) * 86_400_000), end: new Date(NOW_2025_03_20) });
    const effectiveStart = NOW_2025_03_20 - lookbackDays * 86_400_000 + 10 * 60_000;
    expect(clips.map((clip) => clip.effectiveStart.getTime())).toEqual([effectiveStart]);
    expect(Number(server.seen[0]!.query.get('period1')) * 1000).toBe(effectiveStart);
  });

  it('clips a 1m request to the last 30 days, reports the clip and still returns what is left', async () => {
    server = await startReplayServer((req, res) => replayChart(req, res, 'yahoo-chart-AAPL-1m.json'));
    const clips: YahooRangeClip[] = [];
    const source = createYahooSource({ baseUrl: server.url, now: () => NOW_2025_03_20, onRangeClipped: (clip) => clips.push(clip) });
    const bars = await source.fetchBars({ symbol: 'AAPL', interval: '1m', ...range('2025-02-01T00:00:00Z', '2025-03-04T00:00:00Z') });

    const effectiveStart = NOW_2025_03_20 - 30 * 86_400_000 + 10 * 60_000;
    expect(clips).toHaveLength(1);
    expect(clips[0]!.effectiveStart.getTime()).toBe(effectiveStart);
    expect(clips[0]!.requestedStart.toISOString()).toBe('2025-02-01T00:00:00.000Z');
    expect(server.seen[0]!.query.get('period1')).toBe(String(Math.floor(effectiveStart / 1000)));
    expect(server.seen).toHaveLength(2);
    expect(bars).toHaveLength(4);
  });

  it('refuses a 1m request entirely outside the look-back with a permanent error and no request', async () => {
    server = await startReplayServer((req, res) => replayChart(req, res, 'yahoo-chart-AAPL-1m.json'));
    const source = createYahooSource({ baseUrl: server.url, now: () => NOW_2025_03_20 });
    const error = await failure(source.fetchBars({ symbol: 'AAPL', interval: '1m', ...range('2025-01-01T00:00:00Z', '2025-01-05T00:00:00Z') }));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/look-back/);
    expect(server.seen).toHaveLength(0);
  });

  it('maps 404 "No data found, symbol may be delisted" to permanent', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 404, NOT_FOUND));
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchBars({ symbol: 'ZZZZQ', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') }));
    expect(error.kind).toBe('permanent');
    expect(error.details.status).toBe(404);
    expect(error.details.symbol).toBe('ZZZZQ');
    expect(error.message).toContain('No data found, symbol may be delisted');
  });

  it('maps 429 with Retry-After to rate_limited with retryAfterMs', async () => {
    server = await startReplayServer((_req, res) => sendText(res, 429, 'Too Many Requests\r\n', { 'retry-after': '42' }));
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') }));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(42_000);
    expect(error.details.status).toBe(429);
  });

  it('maps 500 to transient', async () => {
    server = await startReplayServer((_req, res) => sendText(res, 500, 'Internal Server Error'));
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') }));
    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(500);
  });

  it('maps a truncated body to transient', async () => {
    const full = JSON.stringify(fixture('yahoo-chart-AAPL-1d.json'));
    server = await startReplayServer((_req, res) => sendJson(res, 200, full.slice(0, Math.floor(full.length / 2))));
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') }));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/malformed/);
  });

  it('uses the bars of a result that fails schema validation when they are readable', async () => {
    server = await startReplayServer((req, res) => {
      const body = fixture('yahoo-chart-AAPL-1d.json');
      delete body.chart.result[0].meta.currentTradingPeriod; // required by yahoo-finance2's schema
      body.chart.result[0].meta.priceHint = 'two';
      sendJson(res, 200, body);
    });
    const source = createYahooSource({ baseUrl: server.url });
    const bars = await source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') });
    expect(bars).toHaveLength(9);
    expect(bars[2]!.close).toBe(181.91);
  });

  it('maps a validation failure whose bars are unreadable to transient', async () => {
    server = await startReplayServer((_req, res) => {
      const body = fixture('yahoo-chart-AAPL-1d.json');
      body.chart.result[0].indicators.quote[0].close[3] = 'n/a';
      sendJson(res, 200, body);
    });
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') }));
    expect(error.kind).toBe('transient');
  });

  it('times out a slow server as transient', async () => {
    server = await startReplayServer(hang);
    const source = createYahooSource({ baseUrl: server.url, timeoutMs: 200 });
    const started = Date.now();
    const error = await failure(source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') }));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('maps a reset connection to transient', async () => {
    server = await startReplayServer((_req, res) => void res.socket?.destroy());
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchBars({ symbol: 'AAPL', interval: '1d', ...range('2024-01-02T00:00:00Z', '2024-01-13T00:00:00Z') }));
    expect(error.kind).toBe('transient');
  });
});

/**
 * A Yahoo stand-in for the cookie/crumb flow: `/quote/AAPL` sets the A3 cookie, `/v1/test/getcrumb`
 * returns a crumb for that cookie, quoteSummary accepts only that pair.
 */
function crumbServer(
  options: { getcrumbFailures?: number; rejectSummaries?: number; summary?: (res: ServerResponse) => void } = {},
) {
  let failuresLeft = options.getcrumbFailures ?? 0;
  let rejectionsLeft = options.rejectSummaries ?? 0;
  let issued = 0;
  const crumbs = new Map<string, string>();
  return (req: SeenRequest, res: ServerResponse) => {
    const cookie = /A3=([^;]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
    if (req.path.startsWith('/quote/')) {
      issued += 1;
      const value = `d=AQABBK${issued}cQ&S=AQAAAs`;
      const expires = new Date(Date.now() + 365 * 86_400_000).toUTCString();
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': `A3=${value}; Expires=${expires}; Max-Age=31557600; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly`,
      });
      res.end('<!doctype html><html><head><title>Apple Inc. (AAPL)</title></head><body></body></html>');
      return;
    }
    if (req.path === '/v1/test/getcrumb') {
      if (failuresLeft > 0 || cookie === undefined) {
        failuresLeft -= 1;
        sendText(res, 500, 'Internal Server Error');
        return;
      }
      const crumb = `kz0BfXq${crumbs.size}Jx.`;
      crumbs.set(cookie, crumb);
      sendText(res, 200, crumb);
      return;
    }
    if (req.path.startsWith('/v10/finance/quoteSummary/')) {
      // An expired session looks the same to the client as a crumb that was never valid.
      if (cookie === undefined || crumbs.get(cookie) !== req.query.get('crumb') || rejectionsLeft-- > 0) {
        sendJson(res, 401, INVALID_CRUMB);
        return;
      }
      if (options.summary) return options.summary(res);
      sendJson(res, 200, fixture('yahoo-quoteSummary-AAPL.json'));
      return;
    }
    sendText(res, 404, 'not found');
  };
}

describe('yahoo source: stock info', () => {
  // yahoo-finance2 caches the crumb in module state shared by every client; start each test
  // from a cold cache so the flow the server sees does not depend on test order.
  beforeEach(() => getCrumbClear(new ExtendedCookieJar()));

  it('gets a cookie and crumb, then maps price and summaryProfile', async () => {
    server = await startReplayServer(crumbServer());
    const source = createYahooSource({ baseUrl: server.url });
    const info = await source.fetchStockInfo('AAPL');
    expect(info).toEqual({
      symbol: 'AAPL',
      companyName: 'Apple Inc.',
      sector: 'Technology',
      industry: 'Consumer Electronics',
      marketCap: 3317430550528,
      country: 'United States',
      currency: 'USD',
      exchange: 'NasdaqGS',
    });
    expect(server.seen.map((r) => r.path)).toEqual(['/quote/AAPL', '/v1/test/getcrumb', '/v10/finance/quoteSummary/AAPL']);
    const summary = server.seen[2]!;
    expect(summary.query.get('modules')).toBe('price,summaryProfile');
    expect(summary.query.get('crumb')).toBe('kz0BfXq0Jx.');
  });

  it('walks the consent flow of regions that ask for it (nothing of it parsed as data) and maps an index without a profile', async () => {
    type Step = { status: number; headers: Record<string, string | string[]>; body: string };
    const chain = fixture<Record<string, Step>>('yahoo-consent-chain.json');
    const send = (res: ServerResponse, step: Step) => {
      res.writeHead(step.status, step.headers);
      res.end(step.body);
    };
    server = await startReplayServer((req, res) => {
      const cookie = String(req.headers.cookie ?? '');
      if (req.path.startsWith('/quote/')) return send(res, cookie.includes('GUC=') ? chain['quoteWithConsent']! : chain['quote']!);
      if (req.path === '/consent') return send(res, chain['consent']!);
      if (req.path === '/v2/collectConsent') return send(res, req.method === 'POST' ? chain['collectConsentSubmit']! : chain['collectConsent']!);
      if (req.path === '/copyConsent') return send(res, chain['copyConsent']!);
      if (req.path === '/v1/test/getcrumb') return send(res, chain['getcrumb']!);
      if (req.path === '/v10/finance/quoteSummary/^GSPC') return sendJson(res, 200, fixture('yahoo-quoteSummary-symbols.json')['^GSPC']);
      sendText(res, 404, 'not found');
    });
    const info = await createYahooSource({ baseUrl: server.url }).fetchStockInfo('^GSPC');
    expect(info).toEqual({
      symbol: '^GSPC',
      companyName: 'S&P 500',
      sector: null,
      industry: null,
      marketCap: null,
      country: null,
      currency: 'USD',
      exchange: 'SNP',
    });
    expect(server.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /quote/AAPL',
      'GET /consent',
      'GET /v2/collectConsent',
      'POST /v2/collectConsent',
      'GET /copyConsent',
      'GET /quote/AAPL/',
      'GET /v1/test/getcrumb',
      'GET /v10/finance/quoteSummary/^GSPC',
    ]);
    expect(new URLSearchParams(server.seen[3]!.body).get('csrfToken')).toBe('XjJfOYU');
  });

  it('retries a failed crumb once and recovers', async () => {
    server = await startReplayServer(crumbServer({ getcrumbFailures: 1 }));
    const source = createYahooSource({ baseUrl: server.url });
    const info = await source.fetchStockInfo('AAPL');
    expect(info?.companyName).toBe('Apple Inc.');
    expect(server.seen.filter((r) => r.path === '/v1/test/getcrumb')).toHaveLength(2);
  });

  it('recovers when Yahoo rejects the crumb it holds (401 Invalid Crumb)', async () => {
    server = await startReplayServer(crumbServer({ rejectSummaries: 1 }));
    const source = createYahooSource({ baseUrl: server.url });
    const info = await source.fetchStockInfo('AAPL');
    expect(info?.marketCap).toBe(3317430550528);
    expect(server.seen.map((r) => r.path)).toEqual([
      '/quote/AAPL',
      '/v1/test/getcrumb',
      '/v10/finance/quoteSummary/AAPL',
      '/quote/AAPL',
      '/v1/test/getcrumb',
      '/v10/finance/quoteSummary/AAPL',
    ]);
  });

  it('gives up after one crumb retry with a transient error', async () => {
    server = await startReplayServer(crumbServer({ getcrumbFailures: 99 }));
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchStockInfo('AAPL'));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/crumb/);
    expect(server.seen.filter((r) => r.path === '/v1/test/getcrumb')).toHaveLength(2);
    expect(server.seen.some((r) => r.path.startsWith('/v10/'))).toBe(false);
  });

  it('reports a rate-limited crumb as rate_limited', async () => {
    server = await startReplayServer((req, res) =>
      req.path === '/v1/test/getcrumb' ? sendText(res, 429, 'Too Many Requests', { 'retry-after': '7' }) : crumbServer()(req, res),
    );
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchStockInfo('AAPL'));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(7_000);
  });

  it('returns null for a symbol quoteSummary does not know', async () => {
    const notFound = { quoteSummary: { result: null, error: { code: 'Not Found', description: 'Quote not found for symbol: ZZZZQ' } } };
    server = await startReplayServer(crumbServer({ summary: (res) => sendJson(res, 404, notFound) }));
    const source = createYahooSource({ baseUrl: server.url });
    expect(await source.fetchStockInfo('ZZZZQ')).toBeNull();
  });

  it('maps a 500 from quoteSummary to transient', async () => {
    server = await startReplayServer(crumbServer({ summary: (res) => sendText(res, 500, 'Internal Server Error') }));
    const source = createYahooSource({ baseUrl: server.url });
    const error = await failure(source.fetchStockInfo('AAPL'));
    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(500);
  });
});
