import type { RawBar } from '../market-data-source.ts';

/** One page of `GET /v2/stocks/{symbol}/bars`, reduced to what we store. */
export interface AlpacaBarsPage {
  readonly bars: RawBar[];
  readonly nextPageToken: string | null;
}

/** Thrown for a 2xx body that is not the documented shape; the source maps it to transient. */
export class AlpacaShapeError extends Error {
  override readonly name = 'AlpacaShapeError';
}

/**
 * Parses `{ bars: [{ t, o, h, l, c, v, n, vw }] | null, symbol, next_page_token }`. `t` is RFC 3339
 * (bar start, UTC). Alpaca sends `bars: null` when the range has no bars.
 */
export function parseAlpacaBarsPage(json: unknown): AlpacaBarsPage {
  if (json === null || typeof json !== 'object') throw new AlpacaShapeError('body is not an object');
  const body = json as Record<string, unknown>;
  const rawBars = body['bars'];
  if (rawBars !== null && rawBars !== undefined && !Array.isArray(rawBars)) {
    throw new AlpacaShapeError('"bars" is neither an array nor null');
  }
  const token = body['next_page_token'];
  if (token !== null && token !== undefined && typeof token !== 'string') {
    throw new AlpacaShapeError('"next_page_token" is not a string');
  }
  const bars = (rawBars ?? []).map((raw: unknown, index: number) => parseBar(raw, index));
  return { bars, nextPageToken: typeof token === 'string' && token !== '' ? token : null };
}

function parseBar(raw: unknown, index: number): RawBar {
  if (raw === null || typeof raw !== 'object') throw new AlpacaShapeError(`bar ${index} is not an object`);
  const bar = raw as Record<string, unknown>;
  const t = bar['t'];
  const timestamp = typeof t === 'string' ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(timestamp)) throw new AlpacaShapeError(`bar ${index} has no RFC 3339 "t"`);
  return {
    timestamp,
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
