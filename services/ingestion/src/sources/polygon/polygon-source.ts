import type { Interval } from '@mltrading/queues';
import type { BarRequest, MarketDataSource, RawBar, StockInfo } from '../market-data-source.ts';
import { SourceError } from '../source-error.ts';
import { getJson, malformed } from '../http/json-request.ts';
import { collectPagedBars } from '../http/paged-bars.ts';
import { noWait, type BeforeRequest, type FetchLike } from '../http/timed-fetch.ts';
import { PolygonShapeError, parsePolygonAggregates, parsePolygonTickerDetails } from './polygon-parser.ts';

export interface PolygonSourceOptions {
  /** `POLYGON_API_KEY`; a missing key fails each request with a permanent error, not construction. */
  readonly apiKey: string | undefined;
  /** `POLYGON_BASE_URL`. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
  readonly beforeRequest?: BeforeRequest;
}

export const POLYGON_RANGES: Readonly<Record<Interval, { multiplier: number; timespan: string }>> = {
  '1m': { multiplier: 1, timespan: 'minute' },
  '5m': { multiplier: 5, timespan: 'minute' },
  '15m': { multiplier: 15, timespan: 'minute' },
  '30m': { multiplier: 30, timespan: 'minute' },
  '1h': { multiplier: 1, timespan: 'hour' },
  '1d': { multiplier: 1, timespan: 'day' },
};

/**
 * Bars from Polygon aggregates v2, following `next_url`. `next_url` is resolved against our own
 * base URL before the key is appended, so the key is only ever sent to the configured host.
 */
export function createPolygonSource(options: PolygonSourceOptions): MarketDataSource {
  const baseUrl = (options.baseUrl ?? 'https://api.polygon.io').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const beforeRequest = options.beforeRequest ?? noWait;
  const secrets = [options.apiKey];

  function apiKey(symbol: string): string {
    if (!options.apiKey) {
      throw new SourceError('polygon', 'permanent', 'missing credentials: set POLYGON_API_KEY to use the polygon source', { symbol });
    }
    return options.apiKey;
  }

  function withKey(pathAndQuery: string, key: string): string {
    const url = new URL(pathAndQuery, `${baseUrl}/`);
    const pinned = new URL(`${url.pathname}${url.search}`, `${baseUrl}/`);
    pinned.searchParams.set('apiKey', key);
    return pinned.toString();
  }

  async function tickerDetails(symbol: string, key: string, signal?: AbortSignal): Promise<StockInfo | null> {
    const ctx = { source: 'polygon', symbol, secrets };
    try {
      const { json } = await getJson({
        ...ctx,
        url: withKey(`${basePath()}/v3/reference/tickers/${encodeURIComponent(symbol)}`, key),
        timeoutMs,
        fetch: fetchImpl,
        beforeRequest,
        ...(signal ? { signal } : {}),
      });
      return parsePolygonTickerDetails(json, symbol);
    } catch (error) {
      if (error instanceof SourceError && error.details.status === 404) return null;
      if (error instanceof PolygonShapeError) throw malformed(ctx, error.message, error);
      throw error;
    }
  }

  function basePath(): string {
    return new URL(`${baseUrl}/`).pathname.replace(/\/+$/, '');
  }

  return {
    name: 'polygon',

    async fetchBars(request: BarRequest, signal?: AbortSignal): Promise<RawBar[]> {
      const { symbol, interval, start, end } = request;
      const key = apiKey(symbol);
      if (end.getTime() <= start.getTime()) return [];
      const ctx = { source: 'polygon', symbol, secrets };
      const { multiplier, timespan } = POLYGON_RANGES[interval];
      // `from`/`to` as epoch ms; `to` is inclusive on Polygon's side, exclusive on ours.
      const firstPage =
        `${basePath()}/v2/aggs/ticker/${encodeURIComponent(symbol)}/range/${multiplier}/${timespan}/` +
        `${start.getTime()}/${end.getTime() - 1}?adjusted=true&sort=asc&limit=50000`;
      const bars = await collectPagedBars(ctx, { start, end, cursorName: 'next_url' }, firstPage, async (pathAndQuery: string | null) => {
        const { json } = await getJson({ ...ctx, url: withKey(pathAndQuery ?? firstPage, key), timeoutMs, fetch: fetchImpl, beforeRequest, ...(signal ? { signal } : {}) });
        let parsed;
        try {
          parsed = parsePolygonAggregates(json);
        } catch (error) {
          if (error instanceof PolygonShapeError) throw malformed(ctx, error.message, error);
          throw error;
        }
        if (parsed.nextUrl === null) return { bars: parsed.bars, next: null };
        const next = new URL(parsed.nextUrl, `${baseUrl}/`);
        next.searchParams.delete('apiKey');
        return { bars: parsed.bars, next: `${next.pathname}${next.search}` };
      });
      if (bars.length === 0) {
        // Polygon answers an unknown ticker with an empty 200, the same as a holiday. Ask the
        // reference API which one it is (one extra request, only when nothing came back).
        const details = await tickerDetails(symbol, key, signal);
        if (details === null) {
          throw new SourceError('polygon', 'permanent', `unknown ticker ${symbol}`, { symbol, status: 404 });
        }
      }
      return bars;
    },

    async fetchStockInfo(symbol: string, signal?: AbortSignal): Promise<StockInfo | null> {
      return tickerDetails(symbol, apiKey(symbol), signal);
    },
  };
}
