import { describe, expect, it } from 'vitest';
import { Portfolio, createStrategy, targetShares, type DirectionThresholdParams } from '@mltrading/trading';
import { replay, type ReplayConfig } from '../src/index.ts';
import { HOUR, START, syntheticUniverse } from './support/synthetic-universe.ts';

const CONFIG: ReplayConfig = {
  strategy: { kind: 'direction-threshold', params: { riskBudget: 500, maxPositionNotional: 20_000 } },
  riskLimits: { tradingHours: null, maxOrdersPerMinute: null },
  fills: { slippageBps: 1, maxVolumeShare: 0.1, commission: { model: 'bps', bps: 0.5, minimum: 0 } },
  interval: '1h',
  initialCash: 100_000,
};

describe('replay', () => {
  it('fills an order decided on bar t at bar t+1 open plus slippage, and books it', () => {
    const universe = syntheticUniverse({ symbols: 1, bars: 3, seed: 1, accuracy: 1 });
    const s = universe[0]!;
    const value = s.predictions.value as Float64Array;
    value.set([0.8, Number.NaN, Number.NaN]); // one up signal on bar 0 only
    const result = replay(universe, CONFIG);
    expect(result.decisions).toBe(1);
    expect(result.orders).toHaveLength(1);
    const order = result.orders[0]!;
    const strategy = createStrategy(CONFIG.strategy);
    const decided = strategy.decide({
      prediction: { model_id: 'test-model', symbol: 'S0', timestamp: START, prediction_type: 'price_direction', prediction_value: 0.8, confidence: 0.8 },
      position: 0,
      price: s.bars.close[0]!,
      volatility: 0.01,
    });
    if (decided.kind !== 'order') throw new Error('the strategy made no order on the hand-set signal');
    expect(order).toMatchObject({ symbol: 'S0', side: 'buy', quantity: decided.intent.quantity, status: 'filled', order_type: 'market' });
    expect(order.bar_timestamp.getTime()).toBe(START);
    expect(order.created_at.getTime()).toBe(START + HOUR);
    expect(result.fills).toHaveLength(1);
    const fill = result.fills[0]!;
    expect(fill.timestamp.getTime()).toBe(START + HOUR);
    const expectedPrice = Math.ceil(s.bars.open[1]! * 1.0001 * 10_000 - 1e-6) / 10_000;
    expect(fill.price).toBeCloseTo(expectedPrice, 4);
    expect(result.equity).toHaveLength(3);
    // bar 0: nothing held; bar 1: cash paid, marked at close[1]
    expect(result.equity[0]!.equity).toBe(100_000);
    const e1 = result.equity[1]!;
    expect(e1.cash).toBeCloseTo(100_000 - fill.quantity * fill.price - fill.commission, 6);
    expect(e1.equity).toBeCloseTo(e1.cash + fill.quantity * s.bars.close[1]!, 6);
    expect(e1.gross_exposure).toBeCloseTo(fill.quantity * s.bars.close[1]!, 6);
    expect(result.finalPositions).toEqual({ S0: fill.quantity });
  });

  it('partial fills by volume: the remainder expires after one bar and the next decision re-orders it', () => {
    const universe = syntheticUniverse({ symbols: 1, bars: 4, seed: 2, accuracy: 1, volume: 1000 });
    (universe[0]!.predictions.value as Float64Array).set([0.8, 0.8, 0.8, Number.NaN]);
    const result = replay(universe, CONFIG);
    // 10 % of 1,000 shares per bar: at most 100 shares per fill
    expect(result.fills.every((f) => f.quantity <= 100)).toBe(true);
    expect(result.orders[0]).toMatchObject({ status: 'expired', filled_quantity: 100 });
    expect(result.orders[0]!.status_reason).toMatch(/unfilled/);
    const params = createStrategy(CONFIG.strategy).params as DirectionThresholdParams;
    // the decision on bar 1 sees the 100 shares held and orders the rest of its target at close[1]
    expect(result.orders[1]!.quantity).toBe(targetShares(params, universe[0]!.bars.close[1]!, 0.01) - 100);
  });

  it('risk checks refuse orders outside trading hours: rejected orders with the reason, no fills', () => {
    const universe = syntheticUniverse({ symbols: 1, bars: 10, seed: 3, accuracy: 1 });
    const result = replay(universe, { ...CONFIG, riskLimits: { maxOrdersPerMinute: null } });
    // bars are hourly from 09:30 New York; the 15:30 bar's data is complete at the 16:00 close, so
    // its order is sent at 16:00 (not 16:30) and refused, as live would refuse it at that hour
    const rejected = result.orders.filter((o) => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    const lastSessionBar = result.orders.find((o) => o.bar_timestamp.getTime() === START + 6 * HOUR)!;
    expect(lastSessionBar.created_at.toISOString()).toBe('2024-01-08T21:00:00.000Z');
    expect(lastSessionBar.status_reason).toBe('outside_trading_hours: 2024-01-08T21:00:00.000Z is outside the session 09:30-16:00 America/New_York (weekdays)');
    const inSession = result.orders.filter((o) => o.bar_timestamp.getTime() < START + 6 * HOUR);
    expect(inSession.length).toBeGreaterThan(0);
    expect(inSession.every((o) => o.status !== 'rejected')).toBe(true);
    for (const o of rejected) {
      expect(o.status_reason).toMatch(/^outside_trading_hours/);
      expect(o.created_at.getTime()).toBeGreaterThanOrEqual(START + 6.5 * HOUR);
      expect(result.fills.some((f) => f.order_id === o.order_id)).toBe(false);
    }
  });

  it('every equity point equals Portfolio.summary of the fills so far at the closes so far', () => {
    const universe = syntheticUniverse({ symbols: 4, bars: 300, seed: 12, accuracy: 0.55, volume: 30_000 });
    const result = replay(universe, { ...CONFIG, strategy: { kind: 'direction-threshold', params: { riskBudget: 500, allowShort: true } } });
    expect(result.fills.length).toBeGreaterThan(100);
    const book = new Portfolio(CONFIG.initialCash);
    const marks = new Map<string, number>();
    let next = 0;
    result.equity.forEach((point, t) => {
      while (next < result.fills.length && result.fills[next]!.timestamp.getTime() <= point.timestamp.getTime()) book.applyFill(result.fills[next++]!);
      for (const u of universe) marks.set(u.symbol, u.bars.close[t]!);
      const summary = book.summary(marks);
      expect(point.equity, `bar ${t}`).toBeCloseTo(summary.equity, 6);
      expect(point.cash).toBeCloseTo(summary.cash, 6);
      expect(point.gross_exposure).toBeCloseTo(summary.gross_exposure, 6);
    });
  });
});
