import { BacktestInputError } from '../errors/backtest-input-error.ts';
import type { NumberColumn, SymbolInput } from './replay-input.ts';

/** A symbol's bars inside the range: indices [start, end) of its arrays. */
export interface SymbolSlice {
  readonly input: SymbolInput;
  readonly start: number;
  readonly end: number;
}

/**
 * Checks every symbol's arrays (same lengths, increasing finite times, bars as market_data's CHECKs
 * demand) and cuts them to [from, to). Every problem is listed; a universe whose symbols have no
 * bar in the range is refused, never replayed as an empty (and flattering) run.
 */
export function sliceUniverse(universe: readonly SymbolInput[], from: number, to: number): SymbolSlice[] {
  if (universe.length === 0) throw new BacktestInputError('the universe is empty: give at least one symbol with bars');
  if (!(Number.isFinite(from) && Number.isFinite(to) && from < to)) {
    throw new BacktestInputError(`empty range: from ${describeTime(from)} must be before to ${describeTime(to)}`);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const slices: SymbolSlice[] = [];
  for (const input of universe) {
    const { symbol, bars, predictions } = input;
    if (typeof symbol !== 'string' || symbol.length === 0) {
      problems.push('a symbol has no name');
      continue;
    }
    if (seen.has(symbol)) problems.push(`${symbol}: listed twice`);
    seen.add(symbol);
    const n = bars.timestamp.length;
    const columns: [string, NumberColumn | undefined][] = [
      ['bars.open', bars.open], ['bars.high', bars.high], ['bars.low', bars.low], ['bars.close', bars.close], ['bars.volume', bars.volume],
      ['predictions.value', predictions.value], ['predictions.confidence', predictions.confidence], ['volatility', input.volatility],
    ];
    if (predictions.score !== undefined) columns.push(['predictions.score', predictions.score]);
    const misaligned = columns.filter(([, c]) => c === undefined || c.length !== n).map(([name, c]) => `${name} has ${c?.length ?? 'no'} values`);
    if (misaligned.length > 0) {
      problems.push(`${symbol}: ${misaligned.join(', ')} for ${n} bars`);
      continue;
    }
    if (typeof predictions.modelId !== 'string' || predictions.modelId.length === 0) problems.push(`${symbol}: predictions.modelId is missing`);
    const badBar = firstBadBar(input);
    if (badBar !== null) {
      problems.push(`${symbol}: ${badBar}`);
      continue;
    }
    const start = lowerBound(bars.timestamp, from);
    const end = lowerBound(bars.timestamp, to);
    if (end > start) slices.push({ input, start, end });
  }
  if (problems.length > 0) throw new BacktestInputError(`bad backtest input: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''}`, problems);
  if (slices.length === 0) {
    throw new BacktestInputError(`the universe has no bars in [${describeTime(from)}, ${describeTime(to)}): ${universe.length} symbol(s) (${universe.slice(0, 5).map((u) => u.symbol).join(', ')}${universe.length > 5 ? ', …' : ''})`);
  }
  return slices;
}

function firstBadBar({ bars }: SymbolInput): string | null {
  const { timestamp: t, open: o, high: h, low: l, close: c, volume: v } = bars;
  let previous = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const ts = t[i]!;
    if (!Number.isFinite(ts) || ts <= previous) return `bar ${i}: timestamps must be finite and strictly increasing (got ${ts} after ${previous})`;
    previous = ts;
    const open = o[i]!, high = h[i]!, low = l[i]!, close = c[i]!, volume = v[i]!;
    if (!(open > 0 && high > 0 && low > 0 && close > 0 && Number.isFinite(open + high + low + close))) return `bar ${i} (${describeTime(ts)}): prices must be finite and > 0`;
    if (!(volume >= 0 && Number.isFinite(volume))) return `bar ${i} (${describeTime(ts)}): volume must be finite and ≥ 0, got ${volume}`;
    if (high < low) return `bar ${i} (${describeTime(ts)}): high ${high} is below low ${low}`;
  }
  return null;
}

/** First index whose value is ≥ x (values strictly increasing). */
function lowerBound(values: NumberColumn, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function describeTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}
