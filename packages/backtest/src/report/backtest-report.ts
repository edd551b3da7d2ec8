// The report of one replay: the strategy's figures beside equal-weight buy-and-hold of the same
// universe over the same bars, and the deflated Sharpe ratio for the number of configurations tried.
import { applyFillToPosition, flatPosition, type Position } from '@mltrading/trading';
import { BacktestInputError } from '../errors/backtest-input-error.ts';
import type { SymbolInput } from '../replay/replay-input.ts';
import type { ReplayResult } from '../replay/replay.ts';
import type { BacktestFillRow } from '../replay/rows.ts';
import { barsPerYear as barsPerYearOf } from './bars-per-year.ts';
import { buyAndHoldCurve } from './buy-and-hold.ts';
import { deflatedSharpe, type DeflatedSharpeResult } from './deflated-sharpe.ts';
import { momentsOf, performanceStats, type CurvePoint, type PerformanceStats } from './return-statistics.ts';

export interface TrialsInput {
  /** Per-bar Sharpe ratios of every configuration of the sweep (this one included). */
  readonly sharpes?: readonly number[];
  /** Or the count and variance directly. */
  readonly count?: number;
  readonly sharpeVariance?: number;
}

export interface ReportOptions {
  /** Bar interval, for annualising (see barsPerYear). */
  readonly interval: string;
  /** Overrides the interval's bars a year. */
  readonly barsPerYear?: number;
  /** The sweep this run was chosen from; default one trial (no selection: DSR = PSR(0)). */
  readonly trials?: TrialsInput;
}

export interface StrategyStats extends PerformanceStats {
  readonly orders: number;
  readonly fills: number;
  readonly rejectedOrders: number;
  /** Share of position-reducing fills whose realized P&L (before commission) was positive. */
  readonly tradeHitRate: number;
  readonly closingFills: number;
}

export interface BacktestReport {
  readonly interval: string;
  readonly barsPerYear: number;
  readonly firstTimestamp: number;
  readonly lastTimestamp: number;
  readonly years: number;
  readonly initialCash: number;
  readonly finalEquity: number;
  readonly decisions: number;
  readonly strategy: StrategyStats;
  readonly buyAndHold: PerformanceStats;
  readonly deflatedSharpe: DeflatedSharpeResult;
}

export function backtestReport(result: ReplayResult, universe: readonly SymbolInput[], options: ReportOptions): BacktestReport {
  if (result.equity.length === 0) throw new BacktestInputError('cannot report on a replay without bars');
  const bpy = options.barsPerYear ?? barsPerYearOf(options.interval);
  if (!(bpy > 0 && Number.isFinite(bpy))) throw new BacktestInputError(`barsPerYear must be > 0, got ${bpy}`);
  const curve: CurvePoint[] = result.equity.map((e) => ({ timestamp: e.timestamp.getTime(), equity: e.equity, grossExposure: e.gross_exposure }));
  let traded = 0;
  let commission = 0;
  for (const f of result.fills) {
    traded += f.quantity * f.price;
    commission += f.commission;
  }
  const strategyStats = performanceStats(result.initialCash, curve, bpy, traded, commission);
  const trades = tradeOutcomes(result.fills);
  const hold = buyAndHoldCurve(universe, curve.map((p) => p.timestamp), result.initialCash);
  const holdStats = performanceStats(result.initialCash, hold.curve, bpy, hold.tradedNotional, 0);
  const { count, variance } = trialsOf(options.trials);
  return {
    interval: options.interval,
    barsPerYear: bpy,
    firstTimestamp: result.firstTimestamp,
    lastTimestamp: result.lastTimestamp,
    years: curve.length / bpy,
    initialCash: result.initialCash,
    finalEquity: curve[curve.length - 1]!.equity,
    decisions: result.decisions,
    strategy: {
      ...strategyStats,
      orders: result.orders.length,
      fills: result.fills.length,
      rejectedOrders: result.orders.filter((o) => o.status === 'rejected').length,
      tradeHitRate: trades.closing > 0 ? trades.wins / trades.closing : Number.NaN,
      closingFills: trades.closing,
    },
    buyAndHold: holdStats,
    deflatedSharpe: deflatedSharpe({
      sharpe: strategyStats.perBar.sharpe,
      observations: strategyStats.bars,
      skewness: strategyStats.perBar.skewness,
      kurtosis: strategyStats.perBar.kurtosis,
      trials: count,
      trialSharpeVariance: variance,
    }),
  };
}

function trialsOf(trials: TrialsInput | undefined): { count: number; variance: number } {
  if (trials === undefined) return { count: 1, variance: 0 };
  if (trials.sharpes !== undefined) {
    if (trials.sharpes.length === 0 || trials.sharpes.some((s) => !Number.isFinite(s))) throw new BacktestInputError('trials.sharpes must be finite per-bar Sharpe ratios, at least one');
    const { std } = momentsOf(trials.sharpes);
    return { count: trials.sharpes.length, variance: trials.sharpes.length > 1 ? std * std : 0 };
  }
  const count = trials.count ?? 1;
  const variance = trials.sharpeVariance ?? 0;
  if (!(Number.isInteger(count) && count >= 1)) throw new BacktestInputError(`trials.count must be an integer ≥ 1, got ${count}`);
  if (!(variance >= 0 && Number.isFinite(variance))) throw new BacktestInputError(`trials.sharpeVariance must be finite and ≥ 0, got ${variance}`);
  return { count, variance };
}

function tradeOutcomes(fills: readonly BacktestFillRow[]): { closing: number; wins: number } {
  const book = new Map<string, Position>();
  let closing = 0;
  let wins = 0;
  for (const f of fills) {
    const before = book.get(f.symbol) ?? flatPosition(f.symbol);
    const after = applyFillToPosition(before, f);
    book.set(f.symbol, after);
    if (before.quantity !== 0 && Math.sign(before.quantity) !== (f.side === 'buy' ? 1 : -1)) {
      closing++;
      if (after.realized_pnl > before.realized_pnl) wins++;
    }
  }
  return { closing, wins };
}
