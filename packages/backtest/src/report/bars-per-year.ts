import { BacktestInputError } from '../errors/backtest-input-error.ts';

export interface BarsPerYearOptions {
  /** Trading days a year; default 252. */
  readonly tradingDays?: number;
  /** Minutes of the regular session; default 390 (09:30–16:00 New York). */
  readonly sessionMinutes?: number;
}

/**
 * Bars a year for annualising: intraday bars count session time (252 × 390 min / bar minutes, so
 * 1h → 1,638, 30m → 3,276, 1m → 98,280); 1d → 252, 1wk → 52, 1mo → 12. A vendor's hourly layout
 * with a short last bar (7 a day) holds 1,764 bars a year; pass `barsPerYear` to the report to count
 * those instead.
 */
export function barsPerYear(interval: string, options: BarsPerYearOptions = {}): number {
  const tradingDays = options.tradingDays ?? 252;
  const sessionMinutes = options.sessionMinutes ?? 390;
  const m = /^(\d+)(m|h|d|wk|mo)$/.exec(interval);
  if (m === null || Number(m[1]) <= 0) throw new BacktestInputError(`cannot annualise bars of interval '${interval}' (expected e.g. 1m, 1h, 1d, 1wk, 1mo)`);
  const n = Number(m[1]);
  switch (m[2]) {
    case 'm':
      return (tradingDays * sessionMinutes) / n;
    case 'h':
      return (tradingDays * sessionMinutes) / (60 * n);
    case 'd':
      return tradingDays / n;
    case 'wk':
      return 52 / n;
    default:
      return 12 / n;
  }
}
