import { afterEach, describe, expect, it } from 'vitest';
import { createAlpacaSource } from '../../src/sources/alpaca/alpaca-source.ts';
import { SourceError } from '../../src/sources/source-error.ts';
import { fixture, hang, sendJson, startReplayServer, type ReplayServer } from './replay-server.ts';

const KEY_ID = 'PKTEST7Q2XJ4M1ZL9ABC';
const SECRET = 'sEcReT0nlyForTests9f8e7d6c5b4a3210zyxwvu';
const REQUEST = {
  symbol: 'AAPL',
  interval: '5m' as const,
  start: new Date('2024-01-03T14:30:00Z'),
  end: new Date('2024-01-03T14:50:00Z'),
};

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
  expect(sourceError.message).not.toContain(KEY_ID);
  expect(sourceError.message).not.toContain(SECRET);
  return sourceError;
}

function source(url: string, extra: { timeoutMs?: number } = {}) {
  return createAlpacaSource({ keyId: KEY_ID, secretKey: SECRET, baseUrl: url, ...extra });
}

describe('alpaca source', () => {
  it('follows next_page_token and parses RFC 3339 bars to ms, in order', async () => {
    server = await startReplayServer((req, res) =>
      sendJson(res, 200, fixture(req.query.has('page_token') ? 'alpaca-bars-AAPL-5Min-page2.json' : 'alpaca-bars-AAPL-5Min-page1.json')),
    );
    const bars = await source(server.url).fetchBars(REQUEST);

    expect(bars.map((b) => new Date(b.timestamp).toISOString())).toEqual([
      '2024-01-03T14:30:00.000Z',
      '2024-01-03T14:35:00.000Z',
      '2024-01-03T14:40:00.000Z',
      '2024-01-03T14:45:00.000Z',
    ]);
    expect(bars[0]).toEqual({ timestamp: Date.parse('2024-01-03T14:30:00Z'), open: 184.22, high: 184.59, low: 183.69, close: 183.97, volume: 58112 });

    expect(server.seen).toHaveLength(2);
    const [first, second] = server.seen;
    expect(first!.path).toBe('/v2/stocks/AAPL/bars');
    expect(first!.headers['apca-api-key-id']).toBe(KEY_ID);
    expect(first!.headers['apca-api-secret-key']).toBe(SECRET);
    expect(Object.fromEntries(first!.query)).toEqual({
      timeframe: '5Min',
      start: '2024-01-03T14:30:00.000Z',
      end: '2024-01-03T14:49:59.999Z',
      limit: '10000',
      adjustment: 'split',
      feed: 'iex',
      sort: 'asc',
    });
    expect(second!.query.get('page_token')).toBe('QUFQTHxNfDIwMjQtMDEtMDNUMTQ6MzU6MDAuMDAwMDAwMDAwWg==');
  });

  it('maps interval to timeframe for every interval', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 200, { bars: null, symbol: 'AAPL', next_page_token: null }));
    const alpaca = source(server.url);
    for (const interval of ['1m', '5m', '15m', '30m', '1h', '1d'] as const) {
      expect(await alpaca.fetchBars({ ...REQUEST, interval })).toEqual([]);
    }
    expect(server.seen.map((r) => r.query.get('timeframe'))).toEqual(['1Min', '5Min', '15Min', '30Min', '1Hour', '1Day']);
  });

  it('maps 429 to rate_limited using Retry-After or X-RateLimit-Reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 12;
    server = await startReplayServer((req, res) =>
      req.query.get('timeframe') === '1Min'
        ? sendJson(res, 429, { message: 'too many requests.' }, { 'retry-after': '3' })
        : sendJson(res, 429, { message: 'too many requests.' }, { 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }),
    );
    const withRetryAfter = await failure(source(server.url).fetchBars({ ...REQUEST, interval: '1m' }));
    expect(withRetryAfter.kind).toBe('rate_limited');
    expect(withRetryAfter.details.retryAfterMs).toBe(3_000);
    const withReset = await failure(source(server.url).fetchBars(REQUEST));
    expect(withReset.kind).toBe('rate_limited');
    expect(withReset.details.retryAfterMs).toBeGreaterThan(9_000);
    expect(withReset.details.retryAfterMs).toBeLessThanOrEqual(12_000);
  });

  it('maps 500 to transient', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 500, { message: 'internal server error' }));
    const error = await failure(source(server.url).fetchBars(REQUEST));
    expect(error.kind).toBe('transient');
    expect(error.details.status).toBe(500);
  });

  it('maps a truncated body and a wrong shape to transient', async () => {
    const full = JSON.stringify(fixture('alpaca-bars-AAPL-5Min-page1.json'));
    server = await startReplayServer((req, res) =>
      req.query.get('timeframe') === '1Min' ? sendJson(res, 200, full.slice(0, 90)) : sendJson(res, 200, { bars: { t: 'x' } }),
    );
    const truncated = await failure(source(server.url).fetchBars({ ...REQUEST, interval: '1m' }));
    expect(truncated.kind).toBe('transient');
    expect(truncated.message).toMatch(/malformed/);
    const wrongShape = await failure(source(server.url).fetchBars(REQUEST));
    expect(wrongShape.kind).toBe('transient');
  });

  it('maps 422 invalid symbol to permanent', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 422, { code: 42210000, message: 'invalid symbol: AAPL$' }));
    const error = await failure(source(server.url).fetchBars({ ...REQUEST, symbol: 'AAPL$' }));
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('invalid symbol');
  });

  it('maps bad credentials (401/403) to permanent without leaking the keys, even when the body echoes them', async () => {
    server = await startReplayServer((req, res) =>
      req.query.get('timeframe') === '1Min'
        ? sendJson(res, 401, { message: `unauthorized. key ${KEY_ID} secret ${SECRET}` })
        : sendJson(res, 403, { message: 'forbidden.' }),
    );
    const unauthorized = await failure(source(server.url).fetchBars({ ...REQUEST, interval: '1m' }));
    expect(unauthorized.kind).toBe('permanent');
    expect(unauthorized.message).toContain('[redacted]');
    const forbidden = await failure(source(server.url).fetchBars(REQUEST));
    expect(forbidden.kind).toBe('permanent');
    expect(forbidden.details.status).toBe(403);
  });

  it('fails permanently with a clear message when credentials are missing, without a request', async () => {
    server = await startReplayServer((_req, res) => sendJson(res, 200, {}));
    const alpaca = createAlpacaSource({ keyId: undefined, secretKey: '', baseUrl: server.url });
    const error = await failure(alpaca.fetchBars(REQUEST));
    expect(error.kind).toBe('permanent');
    expect(error.message).toMatch(/ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY/);
    expect(server.seen).toHaveLength(0);
  });

  it('times out a slow server as transient', async () => {
    server = await startReplayServer(hang);
    const error = await failure(source(server.url, { timeoutMs: 200 }).fetchBars(REQUEST));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/timed out after 200 ms/);
  });

  it('maps a reset connection to transient', async () => {
    server = await startReplayServer((_req, res) => void res.socket?.destroy());
    const error = await failure(source(server.url).fetchBars(REQUEST));
    expect(error.kind).toBe('transient');
  });

  it('has no stock info', async () => {
    expect(await createAlpacaSource({ keyId: KEY_ID, secretKey: SECRET }).fetchStockInfo('AAPL')).toBeNull();
  });
});
