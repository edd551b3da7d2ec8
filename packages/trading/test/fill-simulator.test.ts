import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  commissionFor,
  fillId,
  fillSimulatorConfig,
  mustTransition,
  paperOrder,
  simulateBar,
  simulateBars,
  type Bar,
  type FillRecord,
  type OrderState,
} from '../src/index.ts';
import { T0, order } from './support/orders.ts';
import { randomInt, seededRandom } from './support/random.ts';

const HOUR = 3_600_000;
const bar = (k: number, fields: Partial<Bar> = {}): Bar => ({ timestamp: T0 + k * HOUR, open: 100, high: 101, low: 99, close: 100.5, volume: 1_000_000, ...fields });
const noCap = fillSimulatorConfig({ maxVolumeShare: null, commission: { model: 'per_share', perShare: 0, minimum: 0 } });

function only(fills: FillRecord[]): FillRecord {
  expect(fills).toHaveLength(1);
  return fills[0]!;
}

describe('market orders', () => {
  it('fill at the next bar’s open, never on the decision bar', () => {
    const paper = paperOrder(order(), T0);
    expect(simulateBar(paper, bar(0), noCap).fill).toBeNull();
    const { fill, paper: after } = simulateBar(paper, bar(1, { open: 101.5 }), fillSimulatorConfig({ ...noCap, slippageBps: 0 }));
    expect(fill).toMatchObject({ order_id: 'o-TEST-1', symbol: 'AAPL', quantity: 100, price: 101.5, timestamp: T0 + HOUR, correlation_id: 'corr-1' });
    expect(after.order).toMatchObject({ status: 'filled', filled_quantity: 100, average_fill_price: 101.5 });
  });

  it('slippage moves the price against the order: buy 100 × (1 + 5 bps) = 100.05, sell 99.95', () => {
    const config = fillSimulatorConfig({ ...noCap, slippageBps: 5 });
    expect(only(simulateBars(paperOrder(order({ side: 'buy' }), T0), [bar(1)], config).fills).price).toBe(100.05);
    expect(only(simulateBars(paperOrder(order({ side: 'sell' }), T0), [bar(1)], config).fills).price).toBe(99.95);
  });

  it('rounds to the 4 decimal places of fills.price against the order', () => {
    const config = fillSimulatorConfig({ ...noCap, slippageBps: 0 });
    expect(only(simulateBars(paperOrder(order({ side: 'buy' }), T0), [bar(1, { open: 10.00003, low: 9 })], config).fills).price).toBe(10.0001);
    expect(only(simulateBars(paperOrder(order({ side: 'sell' }), T0), [bar(1, { open: 10.00007, low: 9 })], config).fills).price).toBe(10);
    // Exact values are not pushed a tick by binary noise (10.1 × 10,000 = 101000.00000000001).
    expect(only(simulateBars(paperOrder(order({ side: 'buy' }), T0), [bar(1, { open: 10.1, low: 9 })], config).fills).price).toBe(10.1);
  });
});

describe('limit orders', () => {
  const limitBuy = order({ order_type: 'limit', price: 99 });
  const limitSell = order({ order_type: 'limit', price: 101, side: 'sell' });

  it('buy: no fill while low > limit; at min(open, limit) once low ≤ limit', () => {
    const bars = [bar(1, { low: 99.01 }), bar(2, { open: 100, low: 98.5 })];
    const { fills, paper } = simulateBars(paperOrder(limitBuy, T0), bars, noCap);
    expect(only(fills)).toMatchObject({ price: 99, timestamp: T0 + 2 * HOUR });
    expect(paper.order.status).toBe('filled');
  });

  it('buy: a bar that only touches the limit fills; a gap below fills at the open', () => {
    expect(only(simulateBars(paperOrder(limitBuy, T0), [bar(1, { low: 99 })], noCap).fills).price).toBe(99);
    expect(only(simulateBars(paperOrder(limitBuy, T0), [bar(1, { open: 97, high: 98, low: 96 })], noCap).fills).price).toBe(97);
  });

  it('sell: no fill while high < limit; at max(open, limit) once high ≥ limit; a gap above at the open', () => {
    expect(simulateBars(paperOrder(limitSell, T0), [bar(1, { high: 100.99 })], noCap).fills).toEqual([]);
    expect(only(simulateBars(paperOrder(limitSell, T0), [bar(1, { high: 101 })], noCap).fills).price).toBe(101);
    expect(only(simulateBars(paperOrder(limitSell, T0), [bar(1, { open: 103, high: 104, low: 102 })], noCap).fills).price).toBe(103);
  });

  it('limit fills carry no slippage', () => {
    const config = fillSimulatorConfig({ ...noCap, slippageBps: 50 });
    expect(only(simulateBars(paperOrder(limitBuy, T0), [bar(1, { low: 98 })], config).fills).price).toBe(99);
  });
});

describe('partial fills by volume', () => {
  const config = fillSimulatorConfig({ maxVolumeShare: 0.1, slippageBps: 0, commission: { model: 'per_share', perShare: 0, minimum: 0 } });

  it('1,000 shares at 10 % of 3,000, 4,000, 5,000: 300 + 400 + 300, adding up to the quantity', () => {
    const bars = [bar(1, { volume: 3000 }), bar(2, { volume: 4000, open: 102 }), bar(3, { volume: 5000, open: 104 }), bar(4, { volume: 5000 })];
    let paper = paperOrder(order({ quantity: 1000 }), T0);
    const seen: [string, number, number][] = [];
    const fills: FillRecord[] = [];
    for (const b of bars) {
      const outcome = simulateBar(paper, b, config);
      paper = outcome.paper;
      if (outcome.fill) fills.push(outcome.fill);
      seen.push([paper.order.status, paper.order.filled_quantity, outcome.fill?.quantity ?? 0]);
    }
    expect(seen).toEqual([
      ['partially_filled', 300, 300],
      ['partially_filled', 700, 400],
      ['filled', 1000, 300],
      ['filled', 1000, 0],
    ]);
    expect(fills.reduce((s, f) => s + f.quantity, 0)).toBe(1000);
    // (300 × 100 + 400 × 102 + 300 × 104) / 1000 = 102
    expect(paper.order.average_fill_price).toBeCloseTo(102, 12);
    expect(fills.map((f) => f.fill_id)).toEqual([fillId('o-TEST-1', T0 + HOUR, 0), fillId('o-TEST-1', T0 + 2 * HOUR, 1), fillId('o-TEST-1', T0 + 3 * HOUR, 2)]);
  });

  it('a bar whose volume share is under one share fills nothing', () => {
    const outcome = simulateBar(paperOrder(order({ quantity: 10 }), T0), bar(1, { volume: 9 }), config);
    expect([outcome.fill, outcome.paper.order.status, outcome.paper.barsSeen]).toEqual([null, 'submitted', 1]);
  });

  it('expires after its time in force in bars, keeping what filled', () => {
    const paper = paperOrder(order({ quantity: 1000 }), T0, { bars: 2, expiresAt: null });
    const { fills, paper: after } = simulateBars(paper, [bar(1, { volume: 3000 }), bar(2, { volume: 3000 }), bar(3, { volume: 3000 })], config);
    expect(fills.map((f) => f.quantity)).toEqual([300, 300]);
    expect([after.order.status, after.order.filled_quantity, after.order.updated_at]).toEqual(['expired', 600, T0 + 2 * HOUR]);
  });

  it('a fill on the last bar of its time in force that completes the order is filled, not expired', () => {
    const { paper } = simulateBars(paperOrder(order({ quantity: 300 }), T0, { bars: 1, expiresAt: null }), [bar(1, { volume: 3000 })], config);
    expect(paper.order.status).toBe('filled');
  });

  it('expires at the first bar starting at or after its expiry time, without trading on it', () => {
    const outcome = simulateBar(paperOrder(order(), T0, { bars: null, expiresAt: T0 + HOUR }), bar(1), config);
    expect([outcome.fill, outcome.paper.order.status, outcome.events.map((e) => e.type)]).toEqual([null, 'expired', ['expire']]);
    const before = simulateBar(paperOrder(order(), T0, { bars: null, expiresAt: T0 + HOUR + 1 }), bar(1), config);
    expect(before.paper.order.status).toBe('filled');
  });

  it('a cancelled order is not traded any more', () => {
    const partly = simulateBar(paperOrder(order({ quantity: 1000 }), T0), bar(1, { volume: 3000 }), config).paper;
    const cancelled = { ...partly, order: mustTransition(partly.order, { type: 'cancel', at: T0 + HOUR + 1 }) };
    const outcome = simulateBar(cancelled, bar(2, { volume: 1e9 }), config);
    expect([outcome.fill, outcome.paper.order.status, outcome.paper.order.filled_quantity]).toEqual([null, 'cancelled', 300]);
  });
});

describe('commission', () => {
  it('per share with a minimum: 300 × 0.005 = 1.50; 100 × 0.005 = 0.50 → minimum 1.00', () => {
    const model = { model: 'per_share' as const, perShare: 0.005, minimum: 1 };
    expect(commissionFor(model, 300, 100)).toBe(1.5);
    expect(commissionFor(model, 100, 100)).toBe(1);
    expect(commissionFor(model, 200, 100)).toBe(1); // exactly the minimum
  });

  it('in basis points: 300 × 100.05 × 1 bp = 3.0015; with a minimum of 5 → 5', () => {
    expect(commissionFor({ model: 'bps', bps: 1, minimum: 0 }, 300, 100.05)).toBe(3.0015);
    expect(commissionFor({ model: 'bps', bps: 1, minimum: 5 }, 300, 100.05)).toBe(5);
  });

  it('is charged on each simulated fill', () => {
    const config = fillSimulatorConfig({ maxVolumeShare: 0.1, slippageBps: 5, commission: { model: 'bps', bps: 1 } });
    const { fills } = simulateBars(paperOrder(order({ quantity: 400 }), T0), [bar(1, { volume: 3000 }), bar(2, { volume: 3000 })], config);
    // 300 × 100.05 × 1e-4 = 3.0015; 100 × 100.05 × 1e-4 = 1.0005
    expect(fills.map((f) => [f.quantity, f.price, f.commission])).toEqual([
      [300, 100.05, 3.0015],
      [100, 100.05, 1.0005],
    ]);
  });
});

describe('configuration and bad input', () => {
  it('has defaults: 5 bps slippage, 10 % of volume, 0.005 per share with a 1.00 minimum', () => {
    expect(fillSimulatorConfig()).toEqual({ slippageBps: 5, maxVolumeShare: 0.1, commission: { model: 'per_share', perShare: 0.005, minimum: 1 } });
  });

  it('refuses a bad configuration, listing every field', () => {
    try {
      fillSimulatorConfig({ slippageBps: -1, maxVolumeShare: 0, commission: { model: 'flat' } });
      expect.unreachable('bad configuration accepted');
    } catch (error) {
      expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['slippageBps', 'maxVolumeShare', 'commission.model']));
    }
  });

  it('refuses a bar the database would refuse', () => {
    const paper = paperOrder(order(), T0);
    try {
      simulateBar(paper, bar(1, { open: Number.NaN, high: 90, low: 95, volume: -1 }), noCap);
      expect.unreachable('bad bar accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual(['open', 'volume', 'high']);
      expect((error as Error).message).toMatch(/open: must be a finite number > 0, got NaN/);
    }
    const resting = paperOrder(order({ order_type: 'limit', price: 50 }), T0);
    expect(() => simulateBars(resting, [bar(2), bar(1)], noCap)).toThrow(/strictly increasing/);
  });

  it('accepts only submitted orders and limit orders with a usable limit', () => {
    expect(() => paperOrder(order({ status: 'pending' }), T0)).toThrow(/order.status: must be submitted or partially_filled, got pending/);
    expect(() => paperOrder(order({ order_type: 'limit', price: null }), T0)).toThrow(/needs a finite limit price/);
    expect(() => paperOrder(order(), T0, { bars: 0, expiresAt: null })).toThrow(/timeInForce.bars/);
  });
});

describe('properties over random orders and bars', () => {
  function randomCase(seed: number): { start: OrderState; bars: Bar[]; config: ReturnType<typeof fillSimulatorConfig>; tifBars: number | null } {
    const random = seededRandom(seed);
    const side = random() < 0.5 ? 'buy' : 'sell';
    const isLimit = random() < 0.5;
    const start = order({ order_id: `o-P-${seed}`, side, quantity: randomInt(random, 1, 5000), order_type: isLimit ? 'limit' : 'market', price: isLimit ? 95 + random() * 10 : null });
    const bars: Bar[] = [];
    let price = 100;
    for (let k = 1; k <= randomInt(random, 1, 30); k++) {
      const open = price;
      const close = open * (1 + (random() - 0.5) * 0.04);
      const high = Math.max(open, close) * (1 + random() * 0.01);
      const low = Math.min(open, close) * (1 - random() * 0.01);
      bars.push(bar(k, { open, high, low, close, volume: randomInt(random, 0, 20_000) }));
      price = close;
    }
    const config = fillSimulatorConfig({ slippageBps: random() * 20, maxVolumeShare: random() < 0.2 ? null : 0.01 + random() * 0.5 });
    return { start, bars, config, tifBars: random() < 0.3 ? randomInt(random, 1, 5) : null };
  }

  it('the fills of an order never add up to more than its quantity, and equal its filled quantity', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const { start, bars, config, tifBars } = randomCase(seed);
      const { paper, fills } = simulateBars(paperOrder(start, T0, { bars: tifBars, expiresAt: null }), bars, config);
      const total = fills.reduce((s, f) => s + f.quantity, 0);
      const where = `seed ${seed}`;
      expect(total, where).toBeLessThanOrEqual(start.quantity);
      expect(total, where).toBe(paper.order.filled_quantity);
      expect(paper.order.status === 'filled', where).toBe(total === start.quantity);
      for (const f of fills) {
        const b = bars.find((x) => x.timestamp === f.timestamp)!;
        expect(Number.isInteger(f.quantity) && f.quantity >= 1, where).toBe(true);
        if (config.maxVolumeShare !== null) expect(f.quantity, where).toBeLessThanOrEqual(Math.floor(b.volume * config.maxVolumeShare + 1e-9));
        if (start.order_type === 'market') expect(start.side === 'buy' ? f.price >= b.open : f.price <= b.open, where).toBe(true);
        else expect(start.side === 'buy' ? f.price <= start.price! + 1e-4 : f.price >= start.price! - 1e-4, where).toBe(true);
        expect(Math.round(f.price * 1e4) / 1e4, where).toBe(f.price);
      }
      expect(new Set(fills.map((f) => f.fill_id)).size, where).toBe(fills.length);
    }
  });

  it('the same order and bars give the same fills', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const a = randomCase(seed);
      const b = randomCase(seed);
      expect(simulateBars(paperOrder(a.start, T0), a.bars, a.config)).toEqual(simulateBars(paperOrder(b.start, T0), b.bars, b.config));
    }
  });
});
