import { InvalidBarsError } from '../errors/invalid-bars-error.ts';

import { BAR_FIELDS, type BarColumns } from '@mltrading/market';

export type { BarColumns };

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Refuses bars that cannot be computed honestly, naming the first offending index:
 * unequal column lengths, timestamps not strictly increasing (out of order or duplicate),
 * non-finite values, non-positive prices, negative volume, high < low. `after` is the timestamp
 * of the last bar already consumed (incremental mode): the first new bar must come after it.
 */
export function validateBars(bars: BarColumns, after?: number): number {
  const n = bars.timestamp.length;
  for (const field of BAR_FIELDS) {
    if (bars[field].length !== n) {
      throw new InvalidBarsError(0, field, 'length_mismatch', `column has ${bars[field].length} values, timestamp has ${n}`);
    }
  }
  const { timestamp, open, high, low, close, volume } = bars;
  let previous = after ?? -Infinity;
  for (let i = 0; i < n; i++) {
    const ts = timestamp[i]!;
    const o = open[i]!;
    const h = high[i]!;
    const l = low[i]!;
    const c = close[i]!;
    const vol = volume[i]!;
    // One branch-light test for the common valid bar (NaN fails every comparison); the slow
    // path below names the first problem in the documented order.
    const valid =
      ts > previous && ts < Infinity &&
      o > 0 && o < Infinity && h > 0 && h < Infinity && l > 0 && l < Infinity && c > 0 && c < Infinity &&
      vol >= 0 && vol < Infinity && h >= l;
    if (!valid) throwFirstProblem(bars, i, after);
    previous = ts;
  }
  return n;
}

function throwFirstProblem(bars: BarColumns, i: number, after: number | undefined): never {
  const { timestamp, high, low, volume } = bars;
  const ts = timestamp[i]!;
  if (!Number.isFinite(ts)) throw new InvalidBarsError(i, 'timestamp', 'non_finite', `timestamp is ${ts}`);
  if (i > 0 && !(ts > timestamp[i - 1]!)) {
    const kind = ts === timestamp[i - 1]! ? 'duplicate' : 'out of order';
    throw new InvalidBarsError(i, 'timestamp', 'not_increasing', `${kind}: ${ts} after ${timestamp[i - 1]}`);
  }
  if (i === 0 && after !== undefined && !(ts > after)) {
    throw new InvalidBarsError(0, 'timestamp', 'not_after_state', `${ts} is not after the last bar of the state (${after})`);
  }
  for (const field of PRICE_FIELDS) {
    const v = bars[field][i]!;
    if (!Number.isFinite(v)) throw new InvalidBarsError(i, field, 'non_finite', `${field} is ${v}`);
    if (v <= 0) throw new InvalidBarsError(i, field, 'non_positive_price', `${field} is ${v}`);
  }
  const vol = volume[i]!;
  if (!Number.isFinite(vol)) throw new InvalidBarsError(i, 'volume', 'non_finite', `volume is ${vol}`);
  if (vol < 0) throw new InvalidBarsError(i, 'volume', 'negative_volume', `volume is ${vol}`);
  if (high[i]! < low[i]!) throw new InvalidBarsError(i, 'high', 'high_below_low', `high ${high[i]} < low ${low[i]}`);
  throw new Error(`validateBars: bar ${i} failed the fast check but no problem was found`);
}
