import type { OrderIntent } from './order-intent.ts';

/** The fields of a `predictions` row a strategy reads; `timestamp` in epoch ms (the bar's). */
export interface PredictionInput {
  readonly model_id: string;
  readonly symbol: string;
  readonly timestamp: number;
  readonly prediction_type: string;
  readonly prediction_value: number | null;
  readonly confidence: number | null;
}

export interface StrategyInput {
  readonly prediction: PredictionInput;
  /** Current signed position in the symbol, whole shares (negative = short). */
  readonly position: number;
  /** The symbol's price at the decision (the prediction bar's close). */
  readonly price: number;
  /** The symbol's volatility as a fraction of price per bar (e.g. 0.02), > 0. */
  readonly volatility: number;
}

/**
 * Why a strategy decided not to order; the service records it (trading_events) so every prediction
 * has a decision:
 * - `invalid_input`: a price, volatility, position, value or confidence it cannot use;
 * - `unsupported_prediction`: a prediction type the strategy does not read;
 * - `no_signal`: confidence below the threshold or no direction, and the strategy holds;
 * - `at_target`: already within `minTradeShares` of the target position.
 */
export type NoOrderReason = 'invalid_input' | 'unsupported_prediction' | 'no_signal' | 'at_target';

export type StrategyDecision =
  | { readonly kind: 'order'; readonly intent: OrderIntent }
  | { readonly kind: 'none'; readonly reason: NoOrderReason; readonly message: string; readonly target_position: number | null };

export interface Strategy {
  /** orders.strategy (≤ 50 characters). */
  readonly name: string;
  /** The registry entry it was built from, e.g. 'direction-threshold'. */
  readonly kind: string;
  /** The validated parameters, defaults filled in. */
  readonly params: Readonly<Record<string, unknown>>;
  decide(input: StrategyInput): StrategyDecision;
}
