import type { Interval } from '@mltrading/queues';
import type { RawBar } from '../sources/market-data-source.ts';

/** A bar that passed validation: every field a finite number. */
export interface ValidBar {
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export const BAR_REJECTION_REASONS = [
  'missing_value',
  'non_finite',
  'non_positive_price',
  'high_below_open_close',
  'low_above_open_close',
  'negative_volume',
  'duplicate_timestamp',
  'future_timestamp',
] as const;

export type BarRejectionReason = (typeof BAR_REJECTION_REASONS)[number];

export interface BarRejection {
  /** The bar's start, or null when the timestamp itself is missing or not finite. */
  readonly timestamp: number | null;
  readonly reason: BarRejectionReason;
  readonly detail: string;
}

export interface ValidateBarsOptions {
  /** Bars that start after this instant are rejected as `future_timestamp`. */
  readonly now: Date | number;
  /** The requested interval; only used to make rejection details readable. */
  readonly interval: Interval;
}

export interface ValidateBarsResult {
  /** Valid bars, sorted by timestamp, one per timestamp. */
  readonly bars: ValidBar[];
  /**
   * Bars with a timestamp and no values at all: an interval without trades (Yahoo sends nulls in
   * every quote column for it). Nothing to store and nothing wrong with the data: skipped, counted.
   */
  readonly empty: number;
  /** One entry per rejected input bar, in timestamp order (missing timestamps first). */
  readonly rejections: BarRejection[];
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;
const VALUE_FIELDS = ['timestamp', ...PRICE_FIELDS, 'volume'] as const;

/** The first problem of one bar's own values, or null when they are fine. */
function checkValues(bar: RawBar, nowMs: number): { reason: BarRejectionReason; detail: string } | null {
  for (const field of VALUE_FIELDS) {
    const value = (bar as unknown as Record<string, unknown>)[field];
    if (value === null || value === undefined) return { reason: 'missing_value', detail: `${field} is missing` };
    if (typeof value !== 'number') return { reason: 'non_finite', detail: `${field} is not a number (${typeof value})` };
    if (!Number.isFinite(value)) return { reason: 'non_finite', detail: `${field} is ${value}` };
  }
  const { timestamp, open, high, low, close, volume } = bar as ValidBar;
  if (timestamp > nowMs) {
    return { reason: 'future_timestamp', detail: `bar starts ${new Date(timestamp).toISOString()}, after now ${new Date(nowMs).toISOString()}` };
  }
  for (const field of PRICE_FIELDS) {
    const value = (bar as ValidBar)[field];
    if (value <= 0) return { reason: 'non_positive_price', detail: `${field} is ${value}` };
  }
  if (high < Math.max(open, close)) {
    return { reason: 'high_below_open_close', detail: `high ${high} < max(open ${open}, close ${close})` };
  }
  if (low > Math.min(open, close)) {
    return { reason: 'low_above_open_close', detail: `low ${low} > min(open ${open}, close ${close})` };
  }
  if (volume < 0) return { reason: 'negative_volume', detail: `volume is ${volume}` };
  return null;
}

/**
 * Splits a source's raw bars into valid bars, empty bars and rejections; good bars of the batch are
 * always kept. An empty bar (a timestamp with no value at all) is counted, not rejected; a bar
 * with some values missing is rejected as missing_value.
 *
 * - Each bar gets at most one rejection, for the first failing check in this order: missing_value,
 *   non_finite (timestamp, open, high, low, close, volume in that order), future_timestamp,
 *   non_positive_price, high_below_open_close, low_above_open_close, negative_volume.
 *   `high < low` is always caught by one of the two OHLC checks. Volume 0 is valid (no trades).
 * - Out-of-order input is sorted, not rejected: order is a property of the batch, not a defect of a
 *   bar, and sources such as CSV files need not be sorted. The sort is stable.
 * - Duplicates: among bars whose values passed, the first occurrence of a timestamp in input order is
 *   kept and every later one is rejected as duplicate_timestamp. First wins because it is the
 *   deterministic choice that does not depend on what follows (a source that pages or appends repeats
 *   a bar later, and a replayed batch yields the same result); an invalid first occurrence does not
 *   shadow a later valid one.
 */
export function validateBars(symbol: string, rawBars: readonly RawBar[], options: ValidateBarsOptions): ValidateBarsResult {
  const nowMs = typeof options.now === 'number' ? options.now : options.now.getTime();
  const order = rawBars.map((_, index) => index);
  const timestampOf = (index: number): number => {
    const t = (rawBars[index] as RawBar).timestamp;
    return typeof t === 'number' && Number.isFinite(t) ? t : Number.NEGATIVE_INFINITY;
  };
  order.sort((a, b) => timestampOf(a) - timestampOf(b) || a - b);

  const bars: ValidBar[] = [];
  const rejections: BarRejection[] = [];
  let empty = 0;
  for (const index of order) {
    const bar = rawBars[index] as RawBar;
    const timestamp = typeof bar.timestamp === 'number' && Number.isFinite(bar.timestamp) ? bar.timestamp : null;
    if (timestamp !== null && isEmptyBar(bar)) {
      empty += 1;
      continue;
    }
    const problem = checkValues(bar, nowMs);
    if (problem) {
      rejections.push({ timestamp, reason: problem.reason, detail: `${symbol} ${options.interval}: ${problem.detail}` });
      continue;
    }
    const kept = bars[bars.length - 1];
    if (kept !== undefined && kept.timestamp === bar.timestamp) {
      const same = kept.open === bar.open && kept.high === bar.high && kept.low === bar.low && kept.close === bar.close && kept.volume === bar.volume;
      rejections.push({
        timestamp,
        reason: 'duplicate_timestamp',
        detail: `${symbol} ${options.interval}: second bar at ${new Date(bar.timestamp).toISOString()} (${same ? 'identical to' : 'differs from'} the first, which is kept)`,
      });
      continue;
    }
    bars.push({
      timestamp: bar.timestamp,
      open: bar.open as number,
      high: bar.high as number,
      low: bar.low as number,
      close: bar.close as number,
      volume: bar.volume as number,
    });
  }
  return { bars, rejections, empty };
}

const EMPTY_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** No value at all (null or absent in every column), as opposed to a bar missing some values. */
function isEmptyBar(bar: RawBar): boolean {
  return EMPTY_FIELDS.every((field) => bar[field] === null || bar[field] === undefined);
}

/** Number of rejections per reason (every reason present, 0 when none). */
export function summarizeRejections(rejections: readonly BarRejection[]): Record<BarRejectionReason, number> {
  const counts = Object.fromEntries(BAR_REJECTION_REASONS.map((reason) => [reason, 0])) as Record<BarRejectionReason, number>;
  for (const rejection of rejections) counts[rejection.reason] += 1;
  return counts;
}
