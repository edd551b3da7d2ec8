// The benchmark: equal weight in every symbol of the universe, bought at the symbol's first close in
// the replayed range (fractional shares, no costs), held to the end; cash waits for symbols whose
// bars begin later.
import type { SymbolInput } from '../replay/replay-input.ts';
import type { CurvePoint } from './return-statistics.ts';

export interface BuyAndHoldCurve {
  readonly curve: CurvePoint[];
  /** Notional bought (the whole initial cash once every symbol has started). */
  readonly tradedNotional: number;
}

export function buyAndHoldCurve(universe: readonly SymbolInput[], timestamps: readonly number[], initialCash: number): BuyAndHoldCurve {
  const first = timestamps[0] ?? Infinity;
  const last = timestamps[timestamps.length - 1] ?? -Infinity;
  const active = universe.filter((u) => {
    const t = u.bars.timestamp;
    for (let i = 0; i < t.length; i++) if (t[i]! >= first && t[i]! <= last) return true;
    return false;
  });
  const budget = active.length > 0 ? initialCash / active.length : 0;
  const cursor = active.map((u) => {
    let i = 0;
    while (i < u.bars.timestamp.length && u.bars.timestamp[i]! < first) i++;
    return i;
  });
  const shares = new Float64Array(active.length);
  const marks = new Float64Array(active.length);
  let cash = initialCash;
  let traded = 0;
  const curve: CurvePoint[] = [];
  for (const t of timestamps) {
    for (let k = 0; k < active.length; k++) {
      const ts = active[k]!.bars.timestamp;
      while (cursor[k]! < ts.length && ts[cursor[k]!]! <= t) {
        const close = active[k]!.bars.close[cursor[k]!]!;
        if (shares[k] === 0 && marks[k] === 0) {
          shares[k] = budget / close;
          cash -= budget;
          traded += budget;
        }
        marks[k] = close;
        cursor[k]!++;
      }
    }
    let held = 0;
    for (let k = 0; k < active.length; k++) held += shares[k]! * marks[k]!;
    curve.push({ timestamp: t, equity: cash + held, grossExposure: held });
  }
  return { curve, tradedNotional: traded };
}
