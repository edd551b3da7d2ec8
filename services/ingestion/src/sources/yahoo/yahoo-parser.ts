import type { RawBar, StockInfo } from '../market-data-source.ts';

/** A chart or quoteSummary result we cannot read; the source maps it to transient. */
export class YahooShapeError extends Error {
  override readonly name = 'YahooShapeError';
}

/**
 * Reads a chart result in yahoo-finance2's `return: 'object'` form (Yahoo's own layout):
 * `{ meta, timestamp?: number[] (epoch seconds), indicators: { quote: [{ open, high, low, close, volume }] } }`.
 * Works on a validated result and on the raw `result` of a FailedYahooValidationError alike.
 * Nulls (Yahoo's not-yet-traded bars right after the open) are kept for the validator to reject.
 */
export function parseYahooChart(result: unknown): RawBar[] {
  if (result === null || typeof result !== 'object') throw new YahooShapeError('chart result is not an object');
  const chart = result as Record<string, unknown>;
  const timestamps = chart['timestamp'];
  if (timestamps === undefined || timestamps === null) return [];
  if (!Array.isArray(timestamps)) throw new YahooShapeError('chart "timestamp" is not an array');
  const indicators = chart['indicators'] as Record<string, unknown> | undefined;
  const quotes = indicators?.['quote'];
  const quote = Array.isArray(quotes) ? (quotes[0] as Record<string, unknown> | undefined) : undefined;
  if (quote === undefined || quote === null || typeof quote !== 'object') {
    throw new YahooShapeError('chart has timestamps but no indicators.quote[0]');
  }
  const columns = (['open', 'high', 'low', 'close', 'volume'] as const).map((field) => {
    const column = quote[field];
    if (!Array.isArray(column) || column.length !== timestamps.length) {
      throw new YahooShapeError(`indicators.quote[0].${field} does not have one value per timestamp`);
    }
    return column as unknown[];
  });
  const [open, high, low, close, volume] = columns as [unknown[], unknown[], unknown[], unknown[], unknown[]];
  return timestamps.map((seconds: unknown, i: number): RawBar => {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new YahooShapeError(`timestamp ${i} is not a number`);
    return {
      timestamp: seconds * 1000,
      open: numberOrNull(open[i], 'open', i),
      high: numberOrNull(high[i], 'high', i),
      low: numberOrNull(low[i], 'low', i),
      close: numberOrNull(close[i], 'close', i),
      volume: numberOrNull(volume[i], 'volume', i),
    };
  });
}

function numberOrNull(value: unknown, field: string, index: number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') throw new YahooShapeError(`${field}[${index}] is not a number`);
  return value;
}

/**
 * Maps quoteSummary modules `price` and `summaryProfile` (with `assetProfile` as a fallback) to
 * StockInfo. Numbers may be plain (validated result) or Yahoo's `{ raw, fmt }` (unvalidated).
 */
export function parseYahooQuoteSummary(result: unknown, symbol: string): StockInfo {
  if (result === null || typeof result !== 'object') throw new YahooShapeError('quoteSummary result is not an object');
  const summary = result as Record<string, unknown>;
  const price = record(summary['price']);
  const profile = record(summary['summaryProfile']);
  const asset = record(summary['assetProfile']);
  const pick = (field: string): string | null => text(profile[field]) ?? text(asset[field]);
  return {
    symbol,
    companyName: text(price['longName']) ?? text(price['shortName']),
    sector: pick('sector'),
    industry: pick('industry'),
    marketCap: numeric(price['marketCap']),
    country: pick('country'),
    currency: text(price['currency']),
    exchange: text(price['exchangeName']) ?? text(price['exchange']),
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const raw = record(value)['raw'];
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
}
