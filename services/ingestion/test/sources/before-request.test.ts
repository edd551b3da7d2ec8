import { afterEach, describe, expect, it } from 'vitest';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import { createAlpacaSource } from '../../src/sources/alpaca/alpaca-source.ts';
import { createYahooSource } from '../../src/sources/yahoo/yahoo-source.ts';
import { fixture, sendJson, sendText, startReplayServer, type ReplayServer } from './replay-server.ts';

// The rate limiter is the sources' `beforeRequest`: it must be awaited once before every HTTP
// request, and its wait must not eat into the request's timeout.
let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A hook that waits `ms`, and the number of hook calls each request found completed on arrival. */
function limiter(ms: number) {
  let calls = 0;
  const seenAfter: number[] = [];
  return {
    hook: async () => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      calls += 1;
    },
    arrived: () => seenAfter.push(calls),
    seenAfter,
  };
}

describe('beforeRequest (the per-source rate limiter)', () => {
  it('alpaca: awaited before each page, outside the request timeout', async () => {
    // The hook waits longer than the timeout: a timer started before it would always fire. Both are
    // long enough that a loaded machine still answers a local request well within the timeout.
    const limit = limiter(700);
    server = await startReplayServer((req, res) => {
      limit.arrived();
      sendJson(res, 200, fixture(req.query.has('page_token') ? 'alpaca-bars-AAPL-5Min-page2.json' : 'alpaca-bars-AAPL-5Min-page1.json'));
    });
    const source = createAlpacaSource({ keyId: 'k', secretKey: 's', baseUrl: server.url, timeoutMs: 600, beforeRequest: limit.hook });
    await source.fetchBars({ symbol: 'AAPL', interval: '5m', start: new Date('2024-01-03T14:30:00Z'), end: new Date('2024-01-03T14:50:00Z') });
    expect(limit.seenAfter).toEqual([1, 2]);
  });

  it('yahoo: awaited before each chart chunk and each cookie, crumb and quoteSummary request', async () => {
    await getCrumbClear(new ExtendedCookieJar());
    const limit = limiter(20);
    server = await startReplayServer((req, res) => {
      limit.arrived();
      if (req.path.startsWith('/quote/')) {
        res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'A3=d=AQABBK1cQ&S=AQAAAs; Max-Age=31557600; Domain=.yahoo.com; Path=/; Secure; HttpOnly' });
        res.end('<html></html>');
        return;
      }
      if (req.path === '/v1/test/getcrumb') return sendText(res, 200, 'kz0BfXqJx.');
      if (req.path.startsWith('/v10/finance/quoteSummary/')) return sendJson(res, 200, fixture('yahoo-quoteSummary-AAPL.json'));
      sendJson(res, 200, { chart: { result: [{ meta: fixture('yahoo-chart-AAPL-1m.json').chart.result[0].meta, indicators: { quote: [{}] } }], error: null } });
    });
    const now = Date.parse('2025-03-20T00:00:00Z');
    const source = createYahooSource({ baseUrl: server.url, now: () => now, beforeRequest: limit.hook });
    await source.fetchBars({ symbol: 'AAPL', interval: '1m', start: new Date('2025-03-03T00:00:00Z'), end: new Date('2025-03-13T00:00:00Z') });
    expect(await source.fetchStockInfo('AAPL')).not.toBeNull();
    expect(server.seen.map((r) => r.path)).toEqual([
      '/v8/finance/chart/AAPL',
      '/v8/finance/chart/AAPL',
      '/quote/AAPL',
      '/v1/test/getcrumb',
      '/v10/finance/quoteSummary/AAPL',
    ]);
    expect(limit.seenAfter).toEqual([1, 2, 3, 4, 5]);
  });
});
