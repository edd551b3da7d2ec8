import { afterEach, describe, expect, it } from 'vitest';
import { createPolygonSource } from '../../src/sources/polygon/polygon-source.ts';
import { SourceError } from '../../src/sources/source-error.ts';
import { fixture, hang, sendJson, startReplayServer, type ReplayServer } from './replay-server.ts';

const API_KEY = 'pg_TeStKeY_5f0c2a9e7b3d41c8';
const REQUEST = {
  symbol: 'AAPL',
  interval: '1m' as const,
  start: new Date('2024-01-03T14:30:00Z'),
  end: new Date('2024-01-03T14:35:00Z'),
};
const EMPTY = { ticker: 'ZZZZQ', queryCount: 0, resultsCount: 0, adjusted: true, status: 'OK', request_id: 'b8f3d1c2a7e94f60a1d2c3b4e5f60718' };

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  const sourceError = error as SourceError;
  expect(sourceError.message).not.toContain(API_KEY);
  expect(String(sourceError.stack)).not.toContain(API_KEY);
  return sourceError;
}

const source = (url: string, timeoutMs?: number) =>
  createPolygonSource({ apiKey: API_KEY, baseUrl: url, ...(timeoutMs === undefined ? {} : { timeoutMs }) });

describe('polygon source', () => {
  it('follows next_url on our own host with the key appended, ms timestamps in order', async () => {
    server = await startReplayServer((req, res) =>
      sendJson(res, 200, fixture(req.query.has('cursor') ? 'polygon-aggs-AAPL-1minute-page2.json' : 'polygon-aggs-AAPL-1minute-page1.json')),
    );
    const bars = await source(server.url).fetchBars(REQUEST);

    expect(bars).toEqual([
      { timestamp: 1704292200000, open: 184.22, high: 184.4, low: 183.95, close: 184.06, volume: 1254233 },
      { timestamp: 1704292260000, open: 184.05, high: 184.11, low: 183.77, close: 183.8, volume: 442107 },
      { timestamp: 1704292320000, open: 183.81, high: 183.93, low: 183.66, close: 183.9, volume: 301552 },
    ]);
    expect(server.seen).toHaveLength(2);
    const [first, second] = server.seen;
    expect(first!.path).toBe(`/v2/aggs/ticker/AAPL/range/1/minute/${REQUEST.start.getTime()}/${REQUEST.end.getTime() - 1}`);
    expect(Object.fromEntries(first!.query)).toEqual({ adjusted: 'true', sort: 'asc', limit: '50000', apiKey: API_KEY });
    // next_url named api.polygon.io; the key went to the configured host only.
    expect(second!.path).toBe('/v2/aggs/ticker/AAPL/range/1/minute/1704292320000/1704292499999');
    expect(second!.query.get('cursor')).toBe('bGltaXQ9MiZzb3J0PWFzYw');
    expect(second!.query.get('apiKey')).toBe(API_KEY);
  });

  it('maps intervals to multiplier/timespan', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 200, fixture('polygon-aggs-AAPL-1minute-page2.json')));
    const polygon = source(server.url);
    for (const interval of ['1m', '5m', '15m', '30m', '1h', '1d'] as const) {
      await polygon.fetchBars({ ...REQUEST, interval, end: new Date('2024-01-04T00:00:00Z') });
    }
    expect(server.seen.map((r) => r.path.split('/').slice(6, 8).join('/'))).toEqual([
      '1/minute',
      '5/minute',
      '15/minute',
      '30/minute',
      '1/hour',
      '1/day',
    ]);
  });

  it('maps an empty result for an unknown ticker to permanent (checked against reference tickers)', async () => {
    server = await startReplayServer((req, res) =>
      req.path.startsWith('/v3/reference/tickers/')
        ? sendJson(res, 404, { status: 'NOT_FOUND', request_id: '5c1d7a8e', message: 'Ticker not found.' })
        : sendJson(res, 200, EMPTY),
    );
    const error = await failure(source(server.url).fetchBars({ ...REQUEST, symbol: 'ZZZZQ' }));
    expect(error.kind).toBe('permanent');
    expect(error.details.symbol).toBe('ZZZZQ');
    expect(server.seen.map((r) => r.path)).toEqual(['/v2/aggs/ticker/ZZZZQ/range/1/minute/1704292200000/1704292499999', '/v3/reference/tickers/ZZZZQ']);
  });

  it('returns no bars for a known ticker on a day without trading', async () => {
    server = await startReplayServer((req, res) =>
      req.path.startsWith('/v3/') ? sendJson(res, 200, fixture('polygon-ticker-AAPL.json')) : sendJson(res, 200, { ...EMPTY, ticker: 'AAPL' }),
    );
    expect(await source(server.url).fetchBars({ ...REQUEST, start: new Date('2024-01-01T14:30:00Z'), end: new Date('2024-01-01T21:00:00Z') })).toEqual([]);
  });

  it('maps 429 with Retry-After to rate_limited', async () => {
    server = await startReplayServer((_req, res) =>
      sendJson(
        res,
        429,
        { status: 'ERROR', request_id: 'a1', error: "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing" },
        { 'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT' },
      ),
    );
    const error = await failure(source(server.url).fetchBars(REQUEST));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBeGreaterThan(0);
    expect(error.message).toContain('maximum requests per minute');
  });

  it('maps 500 to transient', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 502, '<html><body>502 Bad Gateway</body></html>'));
    const error = await failure(source(server.url).fetchBars(REQUEST));
    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(502);
  });

  it('maps a truncated body and a non-OK status field to transient', async () => {
    const full = JSON.stringify(fixture('polygon-aggs-AAPL-1minute-page1.json'));
    server = await startReplayServer((req, res) =>
      req.path.includes('/1/minute/') ? sendJson(res, 200, full.slice(0, 120)) : sendJson(res, 200, { status: 'ERROR', request_id: 'x' }),
    );
    const truncated = await failure(source(server.url).fetchBars(REQUEST));
    expect(truncated.kind).toBe('transient');
    expect(truncated.message).toMatch(/malformed/);
    const wrongStatus = await failure(source(server.url).fetchBars({ ...REQUEST, interval: '5m' }));
    expect(wrongStatus.kind).toBe('transient');
  });

  it('maps a bad key (401) and a plan without access (403) to permanent without leaking the key', async () => {
    server = await startReplayServer((req, res) =>
      req.path.includes('/1/minute/')
        ? sendJson(res, 401, { status: 'ERROR', request_id: 'r1', error: `Unknown API Key ${req.query.get('apiKey')}` })
        : sendJson(res, 403, { status: 'NOT_AUTHORIZED', request_id: 'r2', message: 'You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing' }),
    );
    const unknownKey = await failure(source(server.url).fetchBars(REQUEST));
    expect(unknownKey.kind).toBe('permanent');
    expect(unknownKey.message).toContain('Unknown API Key [redacted]');
    const notEntitled = await failure(source(server.url).fetchBars({ ...REQUEST, interval: '5m' }));
    expect(notEntitled.kind).toBe('permanent');
  });

  it('fails permanently without a key and makes no request', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 200, {}));
    const error = await failure(createPolygonSource({ apiKey: undefined, baseUrl: server.url }).fetchBars(REQUEST));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/POLYGON_API_KEY/);
    expect(server.seen).toHaveLength(0);
  });

  it('times out a slow server as transient, key-free', async () => {
    server = await startReplayServer(hang);
    const error = await failure(source(server.url, 200).fetchBars(REQUEST));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/timed out after 200 ms/);
  });

  it('maps a refused connection to transient, key-free', async () => {
    server = await startReplayServer(hang);
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await failure(source(url).fetchBars(REQUEST));
    expect(error.kind).toBe('transient');
  });

  it('maps reference ticker details to StockInfo, null when unknown', async () => {
    server = await startReplayServer((req, res) =>
      req.path === '/v3/reference/tickers/AAPL'
        ? sendJson(res, 200, fixture('polygon-ticker-AAPL.json'))
        : sendJson(res, 404, { status: 'NOT_FOUND', request_id: 'r3', message: 'Ticker not found.' }),
    );
    const polygon = source(server.url);
    expect(await polygon.fetchStockInfo('AAPL')).toEqual({
      symbol: 'AAPL',
      companyName: 'Apple Inc.',
      sector: null,
      industry: 'ELECTRONIC COMPUTERS',
      marketCap: 2771126040150,
      country: 'US',
      currency: 'USD',
      exchange: 'XNAS',
    });
    expect(server.seen[0]!.query.get('apiKey')).toBe(API_KEY);
    expect(await polygon.fetchStockInfo('ZZZZQ')).toBeNull();
  });
});
