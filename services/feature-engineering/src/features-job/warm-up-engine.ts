import type { BarColumns } from '@mltrading/market';
import { computeFeatures, type MarketCalendarConfig } from '@mltrading/features';

/**
 * Runs the engine once over a short synthetic series at start-up. Its first call in a process pays
 * for compiling every kernel (a few hundred ms of blocked event loop); paying it before any job
 * holds a lock keeps that pause out of lock renewal.
 */
export function warmUpEngine(calendar: MarketCalendarConfig, bars = 2_000): void {
  const hour = 3_600_000;
  const start = Date.UTC(2024, 0, 2, 14, 30);
  const series = {
    timestamp: new Float64Array(bars),
    open: new Float64Array(bars),
    high: new Float64Array(bars),
    low: new Float64Array(bars),
    close: new Float64Array(bars),
    volume: new Float64Array(bars),
  };
  let price = 100;
  for (let i = 0; i < bars; i++) {
    const open = price;
    price *= 1 + 0.004 * Math.sin(i * 1.7);
    series.timestamp[i] = start + i * hour;
    series.open[i] = open;
    series.close[i] = price;
    series.high[i] = Math.max(open, price) * 1.001;
    series.low[i] = Math.min(open, price) * 0.999;
    series.volume[i] = 1_000 + (i % 13) * 50;
  }
  // Both paths: a fresh run and a continuation from state.
  const half = bars >> 1;
  const { state } = computeFeatures(sliceTo(series, half), { calendar });
  computeFeatures(sliceFrom(series, half), { state, calendar });
}

type Series = BarColumns;
const sliceTo = (s: Series, n: number): Series => mapSeries(s, (c) => c.subarray(0, n));
const sliceFrom = (s: Series, n: number): Series => mapSeries(s, (c) => c.subarray(n));
function mapSeries(s: Series, f: (c: Float64Array) => Float64Array): Series {
  return { timestamp: f(s.timestamp), open: f(s.open), high: f(s.high), low: f(s.low), close: f(s.close), volume: f(s.volume) };
}
