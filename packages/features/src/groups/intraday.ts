import type { EngineContext } from '../engine/engine-context.ts';
import { ratio } from '../kernels/safe-math.ts';

/**
 * Features of the bar's local date using only that date's bars up to t. The running day
 * (first open, high and low so far) and the previous date's last close are recursive, so they are
 * carried in the state instead of re-scanning the day.
 */
export function computeIntradayGroup(ctx: EngineContext): void {
  const { length, resumeAt, open, high, low, close, localDay: days, columns: c, state } = ctx;
  const { dist_from_intraday_high, dist_from_intraday_low, intraday_high, intraday_low, intraday_range_pct, overnight_gap, position_in_range, returns_from_daily_open } = c;
  for (const name of INTRADAY_FEATURES) c[name].fill(NaN, 0, resumeAt);
  const day = state.intraday;
  for (let i = resumeAt; i < length; i++) {
    if (days[i] !== day.localDay) {
      // The previous bar is the last bar of the previous local date that has bars.
      day.previousDayClose = i > 0 ? close[i - 1]! : NaN;
      day.localDay = days[i]!;
      day.openFirst = open[i]!;
      day.high = high[i]!;
      day.low = low[i]!;
    } else {
      if (high[i]! > day.high) day.high = high[i]!;
      if (low[i]! < day.low) day.low = low[i]!;
    }
    const price = close[i]!;
    const range = day.high - day.low;
    returns_from_daily_open[i] = ratio(price, day.openFirst) - 1;
    intraday_high[i] = day.high;
    intraday_low[i] = day.low;
    intraday_range_pct[i] = ratio(range, day.openFirst);
    position_in_range[i] = ratio(price - day.low, range);
    overnight_gap[i] = ratio(day.openFirst, day.previousDayClose) - 1;
    dist_from_intraday_high[i] = ratio(price, day.high) - 1;
    dist_from_intraday_low[i] = ratio(price, day.low) - 1;
  }
}

const INTRADAY_FEATURES = [
  'returns_from_daily_open', 'intraday_high', 'intraday_low', 'intraday_range_pct', 'position_in_range',
  'overnight_gap', 'dist_from_intraday_high', 'dist_from_intraday_low',
] as const;
