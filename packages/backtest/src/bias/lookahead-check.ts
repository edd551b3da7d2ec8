// Look-ahead check in the manner of Freqtrade's lookahead-analysis: replay the full input, then
// replay it again cut off at several bar times, and compare everything up to each cut. A decision,
// order, fill or equity point at or before the cut can only differ if the code read bars after it.
import { BacktestInputError } from '../errors/backtest-input-error.ts';
import type { ReplayConfig, SymbolInput, NumberColumn } from '../replay/replay-input.ts';
import { replay, type ReplayResult } from '../replay/replay.ts';

export type CheckedRecord = 'decision' | 'order' | 'fill' | 'equity';

export interface LookaheadDifference {
  /** The cut (epoch ms): the truncated run saw bars with timestamp ≤ this only. */
  readonly cut: number;
  readonly record: CheckedRecord;
  /** Index of the first differing record among those at or before the cut. */
  readonly index: number;
  readonly full: unknown;
  readonly truncated: unknown;
}

export interface LookaheadOptions {
  /** Cut times (epoch ms); default: `cuts` evenly spaced bar times of the full run. */
  readonly at?: readonly number[];
  /** Number of evenly spaced cuts when `at` is not given; default 5. */
  readonly cuts?: number;
}

export interface LookaheadReport {
  readonly cuts: readonly number[];
  /** The first difference found, cut by cut (earliest cut first); null when none. */
  readonly firstDifference: LookaheadDifference | null;
}

/** Runs the check; `firstDifference` null means no earlier result changed at any cut. */
export function lookaheadCheck(universe: readonly SymbolInput[], config: ReplayConfig, options: LookaheadOptions = {}): LookaheadReport {
  const full = replay(universe, { ...config, recordDecisions: true });
  const cuts = options.at ?? evenCuts(full, options.cuts ?? 5);
  if (cuts.length === 0) throw new BacktestInputError('lookahead check: no cut points (the replay has too few bars)');
  for (const cut of cuts) {
    const truncated = replay(truncateUniverse(universe, cut), { ...config, recordDecisions: true });
    const difference = firstDifference(full, truncated, cut);
    if (difference !== null) return { cuts, firstDifference: difference };
  }
  return { cuts, firstDifference: null };
}

/** Every column of every symbol cut to the bars with timestamp ≤ cut. */
export function truncateUniverse(universe: readonly SymbolInput[], cut: number): SymbolInput[] {
  return universe.map((u) => {
    const t = u.bars.timestamp;
    let n = 0;
    while (n < t.length && t[n]! <= cut) n++;
    const head = (c: NumberColumn) => c.slice(0, n);
    return {
      symbol: u.symbol,
      bars: { timestamp: head(t), open: head(u.bars.open), high: head(u.bars.high), low: head(u.bars.low), close: head(u.bars.close), volume: head(u.bars.volume) },
      predictions: {
        modelId: u.predictions.modelId,
        value: head(u.predictions.value),
        confidence: head(u.predictions.confidence),
        ...(u.predictions.score !== undefined ? { score: head(u.predictions.score) } : {}),
      },
      volatility: head(u.volatility),
    };
  });
}

/**
 * The first record at or before `cut` that differs between the two runs. Orders are compared by what
 * was decided and sent (their later status may legitimately differ: the truncated run has not seen
 * the bars that fill them); fills and equity points by every field.
 */
export function firstDifference(full: ReplayResult, truncated: ReplayResult, cut: number): LookaheadDifference | null {
  const decisionsFull = (full.decisionLog ?? []).filter((d) => d.timestamp <= cut);
  const decisionsCut = (truncated.decisionLog ?? []).filter((d) => d.timestamp <= cut);
  const sent = (o: ReplayResult['orders'][number]) => ({
    order_id: o.order_id, symbol: o.symbol, side: o.side, quantity: o.quantity, order_type: o.order_type, price: o.price,
    bar_timestamp: o.bar_timestamp.getTime(), created_at: o.created_at.getTime(), rejected: o.status === 'rejected' ? o.status_reason : null,
  });
  const pairs: [CheckedRecord, unknown[], unknown[]][] = [
    ['decision', decisionsFull, decisionsCut],
    ['order', full.orders.filter((o) => o.bar_timestamp.getTime() <= cut).map(sent), truncated.orders.filter((o) => o.bar_timestamp.getTime() <= cut).map(sent)],
    ['fill', full.fills.filter((f) => f.timestamp.getTime() <= cut), truncated.fills.filter((f) => f.timestamp.getTime() <= cut)],
    ['equity', full.equity.filter((e) => e.timestamp.getTime() <= cut), truncated.equity.filter((e) => e.timestamp.getTime() <= cut)],
  ];
  for (const [record, a, b] of pairs) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!sameRecord(a[i], b[i])) return { cut, record, index: i, full: a[i] ?? null, truncated: b[i] ?? null };
    }
  }
  return null;
}

function sameRecord(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function evenCuts(full: ReplayResult, count: number): number[] {
  const times = full.equity.map((e) => e.timestamp.getTime());
  if (times.length < 3 || count < 1) return [];
  const cuts = new Set<number>();
  for (let k = 1; k <= count; k++) cuts.add(times[Math.min(times.length - 2, Math.floor((k * (times.length - 1)) / (count + 1)))]!);
  return [...cuts].sort((x, y) => x - y);
}
