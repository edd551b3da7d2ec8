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
  // The running day lives in locals during the loop (a property store per bar on the state
  // object cost more than the arithmetic) and goes back into the state at the end.
  const day = state.intraday;
  let currentDay = day.localDay;
  let openFirst = day.openFirst;
  let dayHigh = day.high;
  let dayLow = day.low;
  let previousDayClose = day.previousDayClose;
  for (let i = resumeAt; i < length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    if (days[i] !== currentDay) {
      // The previous bar is the last bar of the previous local date that has bars.
      previousDayClose = i > 0 ? close[i - 1]! : NaN;
      currentDay = days[i]!;
      openFirst = open[i]!;
      dayHigh = h;
      dayLow = l;
    } else {
      if (h > dayHigh) dayHigh = h;
      if (l < dayLow) dayLow = l;
    }
    const price = close[i]!;
    const range = dayHigh - dayLow;
    returns_from_daily_open[i] = ratio(price, openFirst) - 1;
    intraday_high[i] = dayHigh;
    intraday_low[i] = dayLow;
    intraday_range_pct[i] = ratio(range, openFirst);
    position_in_range[i] = ratio(price - dayLow, range);
    overnight_gap[i] = ratio(openFirst, previousDayClose) - 1;
    dist_from_intraday_high[i] = ratio(price, dayHigh) - 1;
    dist_from_intraday_low[i] = ratio(price, dayLow) - 1;
  }
  day.localDay = currentDay;
  day.openFirst = openFirst;
  day.high = dayHigh;
  day.low = dayLow;
  day.previousDayClose = previousDayClose;
}

const INTRADAY_FEATURES = [
  'returns_from_daily_open', 'intraday_high', 'intraday_low', 'intraday_range_pct', 'position_in_range',
  'overnight_gap', 'dist_from_intraday_high', 'dist_from_intraday_low',
] as const;
