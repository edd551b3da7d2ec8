import { BacktestInputError } from '../errors/backtest-input-error.ts';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, wk: 7 * 86_400_000 } as const;

/** '1m', '5m', '15m', '30m', '1h', '1d', '1wk' → length in ms (a 1d bar's length is one day). */
export function intervalMs(interval: string): number {
  const m = /^(\d+)(m|h|d|wk)$/.exec(interval);
  if (m === null || Number(m[1]) <= 0) throw new BacktestInputError(`unknown bar interval '${interval}' (expected e.g. 1m, 5m, 15m, 30m, 1h, 1d, 1wk)`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
