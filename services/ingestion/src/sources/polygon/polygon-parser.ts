import type { RawBar, StockInfo } from '../market-data-source.ts';

export interface PolygonAggregatesPage {
  readonly bars: RawBar[];
  /** The `next_url` Polygon sent (its origin, our key not included), or null on the last page. */
  readonly nextUrl: string | null;
}

/** A 2xx body that is not the documented shape; the source maps it to transient. */
export class PolygonShapeError extends Error {
  override readonly name = 'PolygonShapeError';
}

/**
 * Parses `GET /v2/aggs/ticker/{T}/range/{mult}/{timespan}/{from}/{to}`:
 * `{ ticker, status: 'OK'|'DELAYED', resultsCount, results?: [{ t, o, h, l, c, v, vw, n }], next_url? }`
 * with `t` the window start in epoch ms. `results` is absent when there are no bars.
 */
export function parsePolygonAggregates(json: unknown): PolygonAggregatesPage {
  if (json === null || typeof json !== 'object') throw new PolygonShapeError('body is not an object');
  const body = json as Record<string, unknown>;
  const status = body['status'];
  if (status !== 'OK' && status !== 'DELAYED') {
    throw new PolygonShapeError(`status is ${JSON.stringify(status)}, expected "OK" or "DELAYED"`);
  }
  const results = body['results'];
  if (results !== undefined && results !== null && !Array.isArray(results)) {
    throw new PolygonShapeError('"results" is not an array');
  }
  const nextUrl = body['next_url'];
  if (nextUrl !== undefined && nextUrl !== null && typeof nextUrl !== 'string') {
    throw new PolygonShapeError('"next_url" is not a string');
  }
  return {
    bars: (results ?? []).map((raw: unknown, index: number) => parseAggregate(raw, index)),
    nextUrl: typeof nextUrl === 'string' && nextUrl !== '' ? nextUrl : null,
  };
}

function parseAggregate(raw: unknown, index: number): RawBar {
  if (raw === null || typeof raw !== 'object') throw new PolygonShapeError(`result ${index} is not an object`);
  const bar = raw as Record<string, unknown>;
  const t = bar['t'];
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new PolygonShapeError(`result ${index} has no numeric "t"`);
  return {
    timestamp: t,
    open: numberOrNull(bar['o']),
    high: numberOrNull(bar['h']),
    low: numberOrNull(bar['l']),
    close: numberOrNull(bar['c']),
    volume: numberOrNull(bar['v']),
  };
}

// A value of the wrong type spoils its bar, not the page: NaN makes validation refuse that bar
// (non_finite) while the good bars of the page are kept.
function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : Number.NaN;
}

/**
 * Maps `GET /v3/reference/tickers/{T}` (`{ status, results: { ticker, name, market_cap, locale,
 * currency_name, primary_exchange, sic_description, ... } }`). Polygon has no sector; its SIC
 * description is the closest thing to an industry.
 */
export function parsePolygonTickerDetails(json: unknown, symbol: string): StockInfo {
  if (json === null || typeof json !== 'object') throw new PolygonShapeError('body is not an object');
  const results = (json as Record<string, unknown>)['results'];
  if (results === null || typeof results !== 'object' || Array.isArray(results)) {
    throw new PolygonShapeError('"results" is not an object');
  }
  const r = results as Record<string, unknown>;
  return {
    symbol,
    companyName: stringOrNull(r['name']),
    sector: null,
    industry: stringOrNull(r['sic_description']),
    marketCap: typeof r['market_cap'] === 'number' && Number.isFinite(r['market_cap']) ? r['market_cap'] : null,
    country: stringOrNull(r['locale'])?.toUpperCase() ?? null,
    currency: stringOrNull(r['currency_name'])?.toUpperCase() ?? null,
    exchange: stringOrNull(r['primary_exchange']),
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
