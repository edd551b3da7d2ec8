// What the replay consumes: column arrays per symbol, aligned index by index. The caller (the
// `backtest` job) loads them from market_data, feature_engineered_data and predictions; nothing here
// reads a database or a clock.
import type { FillSimulatorConfig, RiskLimits, StrategyConfig, TimeInForce } from '@mltrading/trading';
import type { StrategyRegistry } from './strategy-registry.ts';

export type NumberColumn = Float64Array | readonly number[];

export interface BarSeries {
  /** Bar start, epoch ms, strictly increasing. */
  readonly timestamp: NumberColumn;
  readonly open: NumberColumn;
  readonly high: NumberColumn;
  readonly low: NumberColumn;
  readonly close: NumberColumn;
  readonly volume: NumberColumn;
}

/** One prediction per bar of the symbol (NaN value or confidence = no prediction for that bar). */
export interface PredictionSeries {
  readonly modelId: string;
  readonly value: NumberColumn;
  readonly confidence: NumberColumn;
  /** Kept for reports and strategies that read it; direction-threshold reads value and confidence. */
  readonly score?: NumberColumn;
}

export interface SymbolInput {
  readonly symbol: string;
  readonly bars: BarSeries;
  readonly predictions: PredictionSeries;
  /** One bar's σ of returns as a fraction (e.g. 0.02), per bar, known at the bar's close. */
  readonly volatility: NumberColumn;
}

export interface ReplayConfig {
  /** Which strategy, from `registry` (default: @mltrading/trading's registry). */
  readonly strategy: StrategyConfig;
  readonly registry?: StrategyRegistry;
  /** Risk limits as accepted by `riskLimits()`; defaults filled in. */
  readonly riskLimits?: Partial<RiskLimits> | RiskLimits;
  /** Paper broker: slippage, volume cap, commission, as accepted by `fillSimulatorConfig()`. */
  readonly fills?: Partial<FillSimulatorConfig> | FillSimulatorConfig;
  /** Bar interval label, e.g. '1h' (part of every client order id, as live). */
  readonly interval: string;
  /** Bar length in ms; the order is sent at bar start + this (the bar's close). Default from `interval`. */
  readonly intervalMs?: number;
  /** [from, to) in epoch ms; bars outside are not replayed. Default: every bar given. */
  readonly range?: { readonly from: number; readonly to: number };
  readonly initialCash: number;
  /** prediction_type of the predictions (default 'price_direction', what direction-threshold reads). */
  readonly predictionType?: string;
  /** Default `{ bars: 1 }`: an order trades on the bar after its decision, then expires (see README). */
  readonly timeInForce?: TimeInForce;
  readonly correlationId?: string | null;
  /** Keep every decision (the bias check needs them); default false (only counted). */
  readonly recordDecisions?: boolean;
}
