import type { Interval } from '@mltrading/queues';
import type { BarRequest, MarketDataSource, RawBar, StockInfo } from '../market-data-source.ts';
import { SourceError } from '../source-error.ts';
import { getJson, malformed } from '../http/json-request.ts';
import { collectPagedBars } from '../http/paged-bars.ts';
import { noWait, type BeforeRequest, type FetchLike } from '../http/timed-fetch.ts';
import { AlpacaShapeError, parseAlpacaBarsPage } from './alpaca-bars-parser.ts';

export interface AlpacaSourceOptions {
  /** `ALPACA_API_KEY_ID`; a missing key fails each request with a permanent error, not construction. */
  readonly keyId: string | undefined;
  /** `ALPACA_API_SECRET_KEY`. */
  readonly secretKey: string | undefined;
  /** Market-data API origin (`ALPACA_DATA_URL`). */
  readonly baseUrl?: string;
  /** `iex` is what a free account may read; `sip` needs a paid subscription. */
  readonly feed?: 'iex' | 'sip' | 'delayed_sip';
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
  readonly beforeRequest?: BeforeRequest;
}

export const ALPACA_TIMEFRAMES: Readonly<Record<Interval, string>> = {
  '1m': '1Min',
  '5m': '5Min',
  '15m': '15Min',
  '30m': '30Min',
  '1h': '1Hour',
  '1d': '1Day',
};

/** Alpaca's page-size maximum; a request for a year of minute bars still needs ~10 pages. */
const PAGE_LIMIT = 10_000;

/**
 * Bars from Alpaca market data v2 (`GET /v2/stocks/{symbol}/bars`), following `next_page_token`.
 * Prices are split-adjusted (`adjustment=split`), like Yahoo's chart and Polygon's `adjusted=true`.
 * Alpaca has no sector/industry/market cap, so `fetchStockInfo` returns null.
 */
export function createAlpacaSource(options: AlpacaSourceOptions): MarketDataSource {
  const baseUrl = (options.baseUrl ?? 'https://data.alpaca.markets').replace(/\/+$/, '');
  const feed = options.feed ?? 'iex';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const beforeRequest = options.beforeRequest ?? noWait;
  const secrets = [options.keyId, options.secretKey];

  function credentials(symbol: string): Record<string, string> {
    if (!options.keyId || !options.secretKey) {
      throw new SourceError(
        'alpaca',
        'permanent',
        'missing credentials: set ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY to use the alpaca source',
        { symbol },
      );
    }
    return { 'APCA-API-KEY-ID': options.keyId, 'APCA-API-SECRET-KEY': options.secretKey };
  }

  return {
    name: 'alpaca',

    async fetchBars(request: BarRequest, signal?: AbortSignal): Promise<RawBar[]> {
      const { symbol, interval, start, end } = request;
      const headers = credentials(symbol);
      if (end.getTime() <= start.getTime()) return [];
      const ctx = { source: 'alpaca', symbol, secrets };
      return collectPagedBars(ctx, { start, end, cursorName: 'next_page_token' }, null, async (pageToken: string | null) => {
        const params = new URLSearchParams({
          timeframe: ALPACA_TIMEFRAMES[interval],
          start: start.toISOString(),
          // Alpaca's end is inclusive; ours is exclusive (bars at `end` are also filtered out).
          end: new Date(end.getTime() - 1).toISOString(),
          limit: String(PAGE_LIMIT),
          adjustment: 'split',
          feed,
          sort: 'asc',
        });
        if (pageToken !== null) params.set('page_token', pageToken);
        const url = `${baseUrl}/v2/stocks/${encodeURIComponent(symbol)}/bars?${params.toString()}`;
        const { json } = await getJson({ ...ctx, url, headers, timeoutMs, fetch: fetchImpl, beforeRequest, ...(signal ? { signal } : {}) });
        try {
          const parsed = parseAlpacaBarsPage(json);
          return { bars: parsed.bars, next: parsed.nextPageToken };
        } catch (error) {
          if (error instanceof AlpacaShapeError) throw malformed(ctx, error.message, error);
          throw error;
        }
      });
    },

    async fetchStockInfo(): Promise<StockInfo | null> {
      // `GET /v2/assets/{symbol}` lives on the trading API (another origin and key scope) and only
      // knows name and exchange; stock_info is better served by Yahoo or Polygon.
      return null;
    },
  };
}
