import type { Interval } from '@mltrading/queues';
import type { BarRequest } from '../market-data-source.ts';

const DAY_MS = 86_400_000;

/**
 * Yahoo's chart limits per interval: how far back it serves bars and how wide one request may be.
 * Asking beyond them gets a 422 ("1m data not available for startTime=… Only 7 days worth of 1m
 * granularity data are allowed to be fetched per request", "The requested range must be within
 * the last 60 days"). `null` means unlimited.
 */
export const YAHOO_LIMITS: Readonly<Record<Interval, { lookbackMs: number | null; chunkMs: number | null }>> = {
  '1m': { lookbackMs: 30 * DAY_MS, chunkMs: 7 * DAY_MS },
  '5m': { lookbackMs: 60 * DAY_MS, chunkMs: 30 * DAY_MS },
  '15m': { lookbackMs: 60 * DAY_MS, chunkMs: 30 * DAY_MS },
  '30m': { lookbackMs: 60 * DAY_MS, chunkMs: 30 * DAY_MS },
  '1h': { lookbackMs: 730 * DAY_MS, chunkMs: 200 * DAY_MS },
  '1d': { lookbackMs: null, chunkMs: null },
};

/**
 * Kept between our clock and the edge of Yahoo's look-back window: its clock and the time the
 * request takes to arrive must not push the first chunk outside the window.
 */
export const LOOKBACK_SAFETY_MS = 10 * 60_000;

export interface YahooRangeClip {
  readonly symbol: string;
  readonly interval: Interval;
  readonly requestedStart: Date;
  /** The first instant Yahoo can still serve; bars before it are not fetched. */
  readonly effectiveStart: Date;
  readonly end: Date;
}

export interface YahooRangePlan {
  /** Consecutive [start, end) windows, epoch ms, each within one request's limit. Empty if nothing is left. */
  readonly chunks: readonly { readonly start: number; readonly end: number }[];
  readonly clip: YahooRangeClip | null;
}

/** Splits a request into requests Yahoo will accept, clipping its start to the look-back window. */
export function planYahooRange(request: BarRequest, now: number): YahooRangePlan {
  const { lookbackMs, chunkMs } = YAHOO_LIMITS[request.interval];
  const requestedStart = request.start.getTime();
  const end = request.end.getTime();
  const earliest = lookbackMs === null ? Number.NEGATIVE_INFINITY : now - lookbackMs + LOOKBACK_SAFETY_MS;
  const start = Math.max(requestedStart, earliest);
  const clip: YahooRangeClip | null =
    start > requestedStart
      ? {
          symbol: request.symbol,
          interval: request.interval,
          requestedStart: request.start,
          effectiveStart: new Date(start),
          end: request.end,
        }
      : null;
  const chunks: { start: number; end: number }[] = [];
  if (chunkMs === null) {
    if (start < end) chunks.push({ start, end });
  } else {
    for (let from = start; from < end; from += chunkMs) chunks.push({ start: from, end: Math.min(from + chunkMs, end) });
  }
  return { chunks, clip };
}
