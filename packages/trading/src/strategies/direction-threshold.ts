// Direction from a price_direction prediction, size from a risk budget: a position whose one-bar
// move of one standard deviation is worth `riskBudget`, i.e. notional = riskBudget / volatility,
// capped by notional and shares. Volatile symbols get smaller positions, quiet ones larger.
import { z } from 'zod';
import { roundDecimal4 } from '../orders/decimal.ts';
import type { OrderIntent } from './order-intent.ts';
import type { Strategy, StrategyDecision, StrategyInput } from './strategy.ts';

export const directionThresholdParamsSchema = z
  .object({
    /** Act only when the prediction's confidence is at least this. */
    confidenceThreshold: z.number().min(0).max(1).default(0.6),
    /**
     * 'probability': prediction_value = P(up) in [0, 1] (a 0/1 class label reads the same), up above
     * 0.5, down below; 'signed': up when > 0, down when < 0 (a ±1 class or an expected return).
     */
    valueKind: z.enum(['probability', 'signed']).default('probability'),
    /** With no signal: 'hold' keeps the position, 'flat' closes it. */
    belowThreshold: z.enum(['hold', 'flat']).default('hold'),
    /** Currency a one-standard-deviation bar move of the position may be worth. */
    riskBudget: z.number().positive().finite().default(1_000),
    /** Cap on |target| × price. */
    maxPositionNotional: z.number().positive().finite().default(100_000),
    /** Optional cap on |target| in shares. */
    maxPositionShares: z.number().int().positive().optional(),
    /** false: a down signal means flat, never short. */
    allowShort: z.boolean().default(false),
    /** Skip orders smaller than this (no churn on rounding differences). */
    minTradeShares: z.number().int().positive().default(1),
    orderType: z.enum(['market', 'limit']).default('market'),
    /** Limit orders: buy at price × (1 − offset), sell at price × (1 + offset), then to the tick. */
    limitOffsetBps: z.number().min(0).max(10_000).default(0),
    priceTick: z.number().positive().finite().default(0.01),
  })
  .strict();

export type DirectionThresholdParams = z.output<typeof directionThresholdParamsSchema>;

export function directionThresholdStrategy(name: string, params: DirectionThresholdParams): Strategy {
  return {
    name,
    kind: 'direction-threshold',
    params: Object.freeze({ ...params }),
    decide: (input) => decide(name, params, input),
  };
}

function none(reason: Extract<StrategyDecision, { kind: 'none' }>['reason'], message: string, target: number | null = null): StrategyDecision {
  return { kind: 'none', reason, message, target_position: target };
}

function decide(name: string, p: DirectionThresholdParams, input: StrategyInput): StrategyDecision {
  const { prediction, position, price, volatility } = input;
  const problem = inputProblem(p, input);
  if (problem !== null) return none('invalid_input', problem);
  if (prediction.prediction_type !== 'price_direction') {
    return none('unsupported_prediction', `direction-threshold reads price_direction predictions, got ${prediction.prediction_type}`);
  }
  const value = prediction.prediction_value!;
  const confidence = prediction.confidence!;
  const direction = p.valueKind === 'probability' ? Math.sign(value - 0.5) : Math.sign(value);
  let target: number;
  if (confidence < p.confidenceThreshold || direction === 0) {
    if (p.belowThreshold === 'hold') {
      return none('no_signal', `confidence ${confidence} below ${p.confidenceThreshold} or no direction (value ${value}): holding ${position}`, position);
    }
    target = 0;
  } else if (direction < 0 && !p.allowShort) {
    target = 0;
  } else {
    // `|| 0` turns −1 × 0 = −0 into 0: a flat target must not read as a short one anywhere.
    target = direction * targetShares(p, price, volatility) || 0;
  }
  const delta = target - position;
  if (Math.abs(delta) < p.minTradeShares) {
    return none('at_target', `position ${position} is within ${p.minTradeShares} share(s) of target ${target}`, target);
  }
  const side = delta > 0 ? 'buy' : 'sell';
  const intent: OrderIntent = {
    symbol: prediction.symbol,
    side,
    quantity: Math.abs(delta),
    order_type: p.orderType,
    price: p.orderType === 'limit' ? limitPrice(p, price, side) : null,
    strategy: name,
    model_id: prediction.model_id,
    bar_timestamp: prediction.timestamp,
    target_position: target,
    reference_price: price,
  };
  return { kind: 'order', intent };
}

/** Whole shares: min(riskBudget / volatility, maxPositionNotional) / price, floored, capped. */
export function targetShares(p: DirectionThresholdParams, price: number, volatility: number): number {
  const notional = Math.min(p.riskBudget / volatility, p.maxPositionNotional);
  // The epsilon keeps 50000 / 12.5 = 3999.9999999999995 from losing a share.
  const shares = Math.floor(notional / price + 1e-9);
  return p.maxPositionShares === undefined ? shares : Math.min(shares, p.maxPositionShares);
}

function limitPrice(p: DirectionThresholdParams, price: number, side: 'buy' | 'sell'): number {
  const offset = p.limitOffsetBps / 10_000;
  const ticks = side === 'buy' ? Math.floor((price * (1 - offset)) / p.priceTick + 1e-9) : Math.ceil((price * (1 + offset)) / p.priceTick - 1e-9);
  return roundDecimal4(Math.max(ticks, 1) * p.priceTick);
}

function inputProblem(p: DirectionThresholdParams, { prediction, position, price, volatility }: StrategyInput): string | null {
  if (!Number.isFinite(price) || price <= 0) return `price must be a finite number > 0, got ${price}`;
  if (!Number.isFinite(volatility) || volatility <= 0) return `volatility must be a finite number > 0, got ${volatility}`;
  if (!Number.isInteger(position)) return `position must be a whole number of shares, got ${position}`;
  if (!Number.isFinite(prediction.timestamp)) return `prediction timestamp must be finite, got ${prediction.timestamp}`;
  const value = prediction.prediction_value;
  if (value === null || !Number.isFinite(value)) return `prediction_value must be a finite number, got ${value}`;
  if (p.valueKind === 'probability' && (value < 0 || value > 1)) return `prediction_value must be a probability in [0, 1], got ${value}`;
  const confidence = prediction.confidence;
  if (confidence === null || !(confidence >= 0 && confidence <= 1)) return `confidence must be in [0, 1], got ${confidence}`;
  return null;
}
