// The path the live service and the backtest both take, on hand-placed bars: prediction →
// strategy → risk checks → pending order → submitted → paper fills → accounting.
import { describe, expect, it } from 'vitest';
import {
  Portfolio,
  checkOrderRisk,
  clientOrderId,
  createOrder,
  createStrategy,
  fillSimulatorConfig,
  mustTransition,
  orderTransitionEvent,
  paperOrder,
  riskLimits,
  simulateBars,
  type Bar,
} from '../src/index.ts';
import { seededRandom } from './support/random.ts';

const BAR0 = Date.parse('2024-03-08T15:00:00Z'); // Fri 10:00 New York
const HOUR = 3_600_000;

describe('prediction to fill', () => {
  function run() {
    const strategy = createStrategy({ kind: 'direction-threshold', params: { riskBudget: 1000, maxPositionNotional: 100_000 } });
    const decision = strategy.decide({
      prediction: { model_id: 'gbdt-1', symbol: 'AAPL', timestamp: BAR0, prediction_type: 'price_direction', prediction_value: 0.8, confidence: 0.9 },
      position: 0,
      price: 100,
      volatility: 0.02, // 1,000 / 0.02 = 50,000 → 500 shares at 100
    });
    if (decision.kind !== 'order') throw new Error(`no order: ${decision.message}`);
    const risk = checkOrderRisk(
      { order: decision.intent, referencePrice: decision.intent.reference_price, position: 0, grossExposure: 0, recentOrderTimes: [], now: BAR0 + HOUR, killSwitch: false },
      riskLimits(),
    );
    expect(risk.violations).toEqual([]);
    const pending = createOrder(decision.intent, { at: BAR0 + HOUR, correlationId: 'corr-e2e', interval: '1h' });
    const submitted = mustTransition(pending, { type: 'submit', at: BAR0 + HOUR });
    const bars: Bar[] = [
      { timestamp: BAR0 + HOUR, open: 101, high: 102, low: 100, close: 101.5, volume: 3000 },
      { timestamp: BAR0 + 2 * HOUR, open: 102, high: 103, low: 101, close: 102.5, volume: 3000 },
    ];
    const config = fillSimulatorConfig({ slippageBps: 10, maxVolumeShare: 0.1, commission: { model: 'per_share', perShare: 0.005, minimum: 1 } });
    const { paper, fills } = simulateBars(paperOrder(submitted, BAR0), bars, config);
    const book = new Portfolio(100_000);
    for (const f of fills) book.applyFill({ ...f, side: submitted.side });
    return { pending, paper, fills, book, bars };
  }

  it('orders 500 shares once, fills 300 + 200 at the opens plus 10 bps, and books them', () => {
    const { pending, paper, fills, book } = run();
    expect(pending.order_id).toBe(clientOrderId({ strategy: 'direction-threshold', modelId: 'gbdt-1', symbol: 'AAPL', barTimestamp: BAR0, interval: '1h' }));
    // 101 × 1.001 = 101.101; 102 × 1.001 = 102.102; commission max(300 × 0.005, 1) = 1.5, max(1.0, 1) = 1
    expect(fills.map((f) => [f.quantity, f.price, f.commission, f.order_id, f.correlation_id])).toEqual([
      [300, 101.101, 1.5, pending.order_id, 'corr-e2e'],
      [200, 102.102, 1, pending.order_id, 'corr-e2e'],
    ]);
    expect([paper.order.status, paper.order.filled_quantity]).toEqual(['filled', 500]);
    const position = book.position('AAPL');
    expect(position.quantity).toBe(500);
    expect(position.average_cost).toBeCloseTo((300 * 101.101 + 200 * 102.102) / 500, 10);
    // cash = 100,000 − 30,330.3 − 20,420.4 − 2.5
    expect(book.cash).toBeCloseTo(49_246.8, 8);
    const summary = book.summary(new Map([['AAPL', 102.5]]));
    expect(summary.net_pnl).toBeCloseTo(summary.equity - 100_000, 8);
  });

  it('is deterministic: the same inputs give the same order id, fills and book', () => {
    const a = run();
    const b = run();
    expect(b.fills).toEqual(a.fills);
    expect(b.paper).toEqual(a.paper);
    expect(b.book.summary(new Map([['AAPL', 102.5]]))).toEqual(a.book.summary(new Map([['AAPL', 102.5]])));
  });

  it('a refused order becomes rejected with its reasons in the trading event', () => {
    const { pending } = run();
    const risk = checkOrderRisk(
      { order: pending, referencePrice: 100, position: 0, grossExposure: 0, recentOrderTimes: [], now: BAR0, killSwitch: true },
      riskLimits(),
    );
    expect(risk.allowed).toBe(false);
    const reason = risk.violations.map((v) => v.code).join(',');
    const reject = { type: 'reject' as const, at: BAR0, reason };
    const rejected = mustTransition(pending, reject);
    expect(orderTransitionEvent(rejected, 'pending', reject)).toMatchObject({ event_type: 'order_rejected', metadata: { reason: 'kill_switch' } });
  });
});

describe('strategy orders are always whole, positive and within the caps', () => {
  it('over random predictions, positions, prices and volatilities', () => {
    const random = seededRandom(7);
    const strategy = createStrategy({ kind: 'direction-threshold', params: { allowShort: true, maxPositionShares: 20_000, belowThreshold: 'flat' } });
    let orders = 0;
    for (let i = 0; i < 5000; i++) {
      const price = 0.5 + random() * 500;
      const position = Math.round((random() - 0.5) * 40_000);
      const decision = strategy.decide({
        prediction: { model_id: 'm', symbol: 'X', timestamp: BAR0, prediction_type: 'price_direction', prediction_value: random(), confidence: random() },
        position,
        price,
        volatility: 0.001 + random() * 0.1,
      });
      if (decision.kind !== 'order') continue;
      orders++;
      const { quantity, side, target_position: target } = decision.intent;
      expect(Number.isInteger(quantity) && quantity > 0, `case ${i}`).toBe(true);
      expect(position + (side === 'buy' ? quantity : -quantity)).toBe(target);
      expect(Math.abs(target)).toBeLessThanOrEqual(20_000);
      expect(Math.abs(target) * price).toBeLessThanOrEqual(100_000 + 1e-6);
    }
    expect(orders).toBeGreaterThan(1000);
  });
});
