// Sizing by hand: notional = min(riskBudget / volatility, maxPositionNotional), shares = floor(notional / price).
import { describe, expect, it } from 'vitest';
import { InvalidInputError, STRATEGY_KINDS, createStrategy, strategyDecisionEvent, type PredictionInput, type StrategyDecision, type StrategyInput } from '../src/index.ts';
import { T0 } from './support/orders.ts';

const prediction = (value: number | null, confidence: number | null, overrides: Partial<PredictionInput> = {}): PredictionInput => ({
  model_id: 'gbdt-1',
  symbol: 'AAPL',
  timestamp: T0,
  prediction_type: 'price_direction',
  prediction_value: value,
  confidence,
  ...overrides,
});

const input = (overrides: Partial<StrategyInput> = {}): StrategyInput => ({ prediction: prediction(0.7, 0.8), position: 0, price: 12.5, volatility: 0.02, ...overrides });

function intentOf(decision: StrategyDecision) {
  if (decision.kind !== 'order') throw new Error(`expected an order, got ${decision.reason}: ${decision.message}`);
  return decision.intent;
}

describe('direction-threshold with defaults (budget 1,000, cap 100,000, threshold 0.6, long only, hold)', () => {
  const strategy = createStrategy({ kind: 'direction-threshold' });

  it('buys the risk-budget position: 1,000 / 0.02 = 50,000 → 50,000 / 12.5 = 4,000 shares', () => {
    const intent = intentOf(strategy.decide(input()));
    expect(intent).toEqual({
      symbol: 'AAPL',
      side: 'buy',
      quantity: 4000,
      order_type: 'market',
      price: null,
      strategy: 'direction-threshold',
      model_id: 'gbdt-1',
      bar_timestamp: T0,
      target_position: 4000,
      reference_price: 12.5,
    });
  });

  it('orders only the difference to the current position: 4,000 − 1,500 = 2,500', () => {
    expect(intentOf(strategy.decide(input({ position: 1500 })))).toMatchObject({ side: 'buy', quantity: 2500 });
    expect(intentOf(strategy.decide(input({ position: 6000 })))).toMatchObject({ side: 'sell', quantity: 2000, target_position: 4000 });
  });

  it('caps the notional: 1,000 / 0.005 = 200,000 → 100,000 / 12.5 = 8,000 shares', () => {
    expect(intentOf(strategy.decide(input({ volatility: 0.005 }))).quantity).toBe(8000);
  });

  it('floors to whole shares: 1,000 / 0.03 = 33,333.33 → / 12.5 = 2,666.67 → 2,666', () => {
    expect(intentOf(strategy.decide(input({ volatility: 0.03 }))).quantity).toBe(2666);
  });

  it('acts at exactly the threshold and holds just below it', () => {
    expect(strategy.decide(input({ prediction: prediction(0.7, 0.6) })).kind).toBe('order');
    const below = strategy.decide(input({ prediction: prediction(0.7, 0.5999), position: 300 }));
    expect(below).toMatchObject({ kind: 'none', reason: 'no_signal', target_position: 300 });
  });

  it('long only: a confident down signal closes a long and never goes short', () => {
    expect(intentOf(strategy.decide(input({ prediction: prediction(0.2, 0.9), position: 700 })))).toMatchObject({ side: 'sell', quantity: 700, target_position: 0 });
    expect(strategy.decide(input({ prediction: prediction(0.2, 0.9), position: 0 }))).toMatchObject({ kind: 'none', reason: 'at_target', target_position: 0 });
  });

  it('P(up) = 0.5 is no direction', () => {
    expect(strategy.decide(input({ prediction: prediction(0.5, 0.9), position: 10 }))).toMatchObject({ kind: 'none', reason: 'no_signal' });
  });

  it('already at the target → no order', () => {
    expect(strategy.decide(input({ position: 4000 }))).toMatchObject({ kind: 'none', reason: 'at_target', target_position: 4000 });
  });

  it.each([
    ['a zero price', { price: 0 }, /price must be a finite number > 0, got 0/],
    ['a NaN price', { price: Number.NaN }, /got NaN/],
    ['a zero volatility', { volatility: 0 }, /volatility must be a finite number > 0/],
    ['a fractional position', { position: 1.5 }, /position must be a whole number/],
    ['a missing value', { prediction: prediction(null, 0.9) }, /prediction_value must be a finite number, got null/],
    ['a probability above 1', { prediction: prediction(1.2, 0.9) }, /probability in \[0, 1\], got 1.2/],
    ['a confidence above 1', { prediction: prediction(0.7, 1.5) }, /confidence must be in \[0, 1\], got 1.5/],
    ['a missing confidence', { prediction: prediction(0.7, null) }, /confidence must be in \[0, 1\], got null/],
  ])('refuses %s with a reason and no order', (_label, overrides, message) => {
    const decision = strategy.decide(input(overrides as Partial<StrategyInput>));
    expect(decision.kind).toBe('none');
    if (decision.kind === 'none') {
      expect(decision.reason).toBe('invalid_input');
      expect(decision.message).toMatch(message);
    }
  });

  it('does not read other prediction types', () => {
    expect(strategy.decide(input({ prediction: prediction(0.7, 0.9, { prediction_type: 'volatility' }) }))).toMatchObject({ kind: 'none', reason: 'unsupported_prediction' });
  });
});

describe('direction-threshold with parameters', () => {
  it('shorts when allowed: target −4,000 from +1,000 → sell 5,000', () => {
    const s = createStrategy({ kind: 'direction-threshold', params: { allowShort: true } });
    expect(intentOf(s.decide(input({ prediction: prediction(0.3, 0.8), position: 1000 })))).toMatchObject({ side: 'sell', quantity: 5000, target_position: -4000 });
  });

  it('a short target too small for one share is 0, not −0', () => {
    const s = createStrategy({ kind: 'direction-threshold', params: { allowShort: true } });
    const decision = s.decide(input({ prediction: prediction(0.1, 0.9), price: 200_000 }));
    expect(decision.kind).toBe('none');
    if (decision.kind === 'none') expect(Object.is(decision.target_position, 0)).toBe(true);
  });

  it("'flat' closes the position when there is no signal", () => {
    const s = createStrategy({ kind: 'direction-threshold', params: { belowThreshold: 'flat', allowShort: true } });
    expect(intentOf(s.decide(input({ prediction: prediction(0.7, 0.1), position: -250 })))).toMatchObject({ side: 'buy', quantity: 250, target_position: 0 });
  });

  it('caps shares: budget 2,000 / 0.02 = 100,000 → 8,000 shares, capped at 5,000', () => {
    const s = createStrategy({ kind: 'direction-threshold', params: { riskBudget: 2000, maxPositionShares: 5000 } });
    expect(intentOf(s.decide(input())).quantity).toBe(5000);
  });

  it('limit orders: 12.5 × (1 − 10 bps) = 12.4875 → 12.48 to buy; 12.5125 → 12.52 to sell', () => {
    const s = createStrategy({ kind: 'direction-threshold', params: { orderType: 'limit', limitOffsetBps: 10, allowShort: true } });
    expect(intentOf(s.decide(input()))).toMatchObject({ order_type: 'limit', price: 12.48 });
    expect(intentOf(s.decide(input({ prediction: prediction(0.1, 0.9) })))).toMatchObject({ order_type: 'limit', side: 'sell', price: 12.52 });
  });

  it("'signed' values: −1 is down, +1 is up", () => {
    const s = createStrategy({ kind: 'direction-threshold', name: 'dir-signed', params: { valueKind: 'signed', allowShort: true } });
    expect(intentOf(s.decide(input({ prediction: prediction(-1, 0.9) })))).toMatchObject({ side: 'sell', target_position: -4000, strategy: 'dir-signed' });
    expect(intentOf(s.decide(input({ prediction: prediction(1, 0.9) })))).toMatchObject({ side: 'buy', target_position: 4000 });
  });

  it('skips orders smaller than minTradeShares', () => {
    const s = createStrategy({ kind: 'direction-threshold', params: { minTradeShares: 100 } });
    expect(s.decide(input({ position: 3901 }))).toMatchObject({ kind: 'none', reason: 'at_target' });
    expect(intentOf(s.decide(input({ position: 3900 }))).quantity).toBe(100);
  });

  it('exposes its validated parameters with defaults', () => {
    const s = createStrategy({ kind: 'direction-threshold', params: { riskBudget: 500 } });
    expect(s.params).toMatchObject({ riskBudget: 500, confidenceThreshold: 0.6, maxPositionNotional: 100_000, allowShort: false, orderType: 'market' });
  });
});

describe('the strategy registry', () => {
  it('lists its strategies', () => {
    expect(STRATEGY_KINDS).toContain('direction-threshold');
  });

  it('refuses an unknown strategy, naming the known ones', () => {
    expect(() => createStrategy({ kind: 'moon-phase' })).toThrow("unknown strategy 'moon-phase' (known: direction-threshold)");
  });

  it('refuses bad parameters, listing every one', () => {
    try {
      createStrategy({ kind: 'direction-threshold', params: { riskBudget: -1, confidenceThreshold: 2, orderType: 'stop', typo: 1 } });
      expect.unreachable('bad parameters were accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const issues = (error as InvalidInputError).issues.map((i) => i.path);
      expect(issues).toEqual(expect.arrayContaining(['riskBudget', 'confidenceThreshold', 'orderType']));
      expect((error as Error).message).toMatch(/typo/);
    }
  });

  it('refuses a name that does not fit orders.strategy', () => {
    expect(() => createStrategy({ kind: 'direction-threshold', name: 'x'.repeat(51) })).toThrow(InvalidInputError);
    expect(() => createStrategy({ kind: 'direction-threshold', name: 'has space' })).toThrow(/visible ASCII/);
  });
});

describe('decision events', () => {
  const strategy = createStrategy({ kind: 'direction-threshold' });

  it('an order decision is signal_generated with the intent and the prediction', () => {
    const p = prediction(0.7, 0.8);
    const event = strategyDecisionEvent(p, strategy.decide(input({ prediction: p })), { strategy: strategy.name, at: T0 + 5, correlationId: 'c-9', orderId: 'o-1' });
    expect(event).toEqual({
      timestamp: T0 + 5,
      event_type: 'signal_generated',
      symbol: 'AAPL',
      side: 'buy',
      quantity: 4000,
      price: null,
      order_id: 'o-1',
      strategy: 'direction-threshold',
      correlation_id: 'c-9',
      metadata: { model_id: 'gbdt-1', prediction_timestamp: T0, prediction_value: 0.7, confidence: 0.8, target_position: 4000, order_type: 'market', reference_price: 12.5 },
    });
  });

  it('no order is signal_skipped with the reason', () => {
    const p = prediction(0.7, 0.1);
    const event = strategyDecisionEvent(p, strategy.decide(input({ prediction: p })), { strategy: strategy.name, at: T0 });
    expect(event).toMatchObject({ event_type: 'signal_skipped', side: null, quantity: null, order_id: null, correlation_id: null, metadata: { reason: 'no_signal', confidence: 0.1 } });
  });
});
