// Each limit at its boundary (allowed) and one share, order or millisecond past it (refused).
import { describe, expect, it } from 'vitest';
import { InvalidInputError, checkOrderRisk, formatViolations, ordersInWindow, pruneOrderTimes, riskLimits, type RiskCheckInput, type RiskLimits } from '../src/index.ts';

const OPEN_FRIDAY = Date.parse('2024-03-08T15:00:00Z'); // Fri 10:00 New York

/** Every limit off; each test turns on the one it is about. */
const NO_LIMITS: RiskLimits = riskLimits({ maxPositionShares: null, maxPositionNotional: null, maxGrossExposure: null, maxOrderNotional: null, maxOrdersPerMinute: null, tradingHours: null });

type CheckOverrides = Partial<Omit<RiskCheckInput, 'order'>> & { order?: Partial<RiskCheckInput['order']> };

function check(overrides: CheckOverrides, limits: Partial<RiskLimits> = {}) {
  const { order, ...rest } = overrides;
  const input: RiskCheckInput = {
    order: { symbol: 'AAPL', side: 'buy', quantity: 100, order_type: 'market', price: null, ...order },
    referencePrice: 10,
    position: 0,
    grossExposure: 0,
    recentOrderTimes: [],
    now: OPEN_FRIDAY,
    killSwitch: false,
    ...rest,
  };
  return checkOrderRisk(input, { ...NO_LIMITS, ...limits });
}

const codes = (result: ReturnType<typeof check>) => result.violations.map((v) => v.code);

describe('risk limits', () => {
  it('allow an ordinary order with every limit off', () => {
    expect(check({})).toEqual({ allowed: true, violations: [] });
  });

  it('max order notional: 100 × 10 = 1,000 allowed at 1,000; 101 shares refused', () => {
    expect(check({}, { maxOrderNotional: 1000 }).allowed).toBe(true);
    const refused = check({ order: { quantity: 101 } }, { maxOrderNotional: 1000 });
    expect(refused.violations).toEqual([{ code: 'max_order_notional', message: 'order notional 1010 exceeds 1000', limit: 1000, value: 1010 }]);
  });

  it('max order notional values a limit order at its limit price', () => {
    expect(check({ order: { order_type: 'limit', price: 11 } }, { maxOrderNotional: 1000 }).violations[0]?.value).toBe(1100);
  });

  it('max position shares: 400 + 100 = 500 allowed at 500; + 101 refused; short side too', () => {
    expect(check({ position: 400 }, { maxPositionShares: 500 }).allowed).toBe(true);
    expect(codes(check({ position: 400, order: { quantity: 101 } }, { maxPositionShares: 500 }))).toEqual(['max_position_shares']);
    expect(check({ position: -400, order: { side: 'sell', quantity: 100 } }, { maxPositionShares: 500 }).allowed).toBe(true);
    expect(check({ position: -400, order: { side: 'sell', quantity: 101 } }, { maxPositionShares: 500 }).violations[0]).toMatchObject({ code: 'max_position_shares', value: 501 });
  });

  it('a position over its limit may still be reduced, not grown or flipped beyond it', () => {
    expect(check({ position: 600, order: { side: 'sell', quantity: 50 } }, { maxPositionShares: 500 }).allowed).toBe(true);
    expect(codes(check({ position: 600, order: { quantity: 1 } }, { maxPositionShares: 500 }))).toEqual(['max_position_shares']);
    // 600 → −601: larger than before, on the other side.
    expect(codes(check({ position: 600, order: { side: 'sell', quantity: 1201 } }, { maxPositionShares: 500 }))).toEqual(['max_position_shares']);
  });

  it('max position notional: (400 + 100) × 10 = 5,000 allowed at 5,000; 5,010 refused', () => {
    expect(check({ position: 400 }, { maxPositionNotional: 5000 }).allowed).toBe(true);
    expect(check({ position: 400, order: { quantity: 101 } }, { maxPositionNotional: 5000 }).violations).toEqual([
      { code: 'max_position_notional', message: 'position notional after the order 5010 exceeds 5000', limit: 5000, value: 5010 },
    ]);
  });

  it('max gross exposure: 19,000 + 1,000 allowed at 20,000; + 1,010 refused; a reduction always allowed', () => {
    expect(check({ grossExposure: 19_000 }, { maxGrossExposure: 20_000 }).allowed).toBe(true);
    expect(check({ grossExposure: 19_000, order: { quantity: 101 } }, { maxGrossExposure: 20_000 }).violations[0]).toMatchObject({ code: 'max_gross_exposure', value: 20_010 });
    expect(check({ grossExposure: 25_000, position: 300, order: { side: 'sell', quantity: 100 } }, { maxGrossExposure: 20_000 }).allowed).toBe(true);
  });

  it('max orders per minute: 2 in the window + this one allowed at 3; 3 + this one refused', () => {
    const now = OPEN_FRIDAY;
    expect(check({ recentOrderTimes: [now - 59_999, now - 1] }, { maxOrdersPerMinute: 3 }).allowed).toBe(true);
    expect(check({ recentOrderTimes: [now - 59_999, now - 1, now] }, { maxOrdersPerMinute: 3 }).violations[0]).toMatchObject({ code: 'max_orders_per_minute', value: 4, limit: 3 });
    // An order exactly 60 s old has left the window.
    expect(check({ recentOrderTimes: [now - 60_000, now - 1, now] }, { maxOrdersPerMinute: 3 }).allowed).toBe(true);
  });

  it.each([
    ['2024-03-08T14:30:00Z', true], // Fri 09:30 EST, the open
    ['2024-03-08T14:29:59.999Z', false], // a millisecond before
    ['2024-03-08T20:59:59.999Z', true], // the last millisecond
    ['2024-03-08T21:00:00Z', false], // 16:00, the close
    ['2024-03-09T15:00:00Z', false], // Saturday
    ['2024-03-11T13:30:00Z', true], // Monday 09:30 EDT
  ])('trading hours (New York 09:30-16:00): %s → %s', (iso, allowed) => {
    const result = check({ now: Date.parse(iso) }, { tradingHours: { timeZone: 'America/New_York', sessionOpen: '09:30', sessionClose: '16:00' } });
    expect(result.allowed).toBe(allowed);
    if (!allowed) expect(result.violations[0]?.message).toMatch(/outside the session 09:30-16:00 America\/New_York/);
  });

  it('the kill switch refuses an order every limit allows, and comes first among all reasons', () => {
    expect(check({ killSwitch: true }).violations).toEqual([{ code: 'kill_switch', message: 'trading is halted (kill switch on)' }]);
    const many = check({ killSwitch: true, now: Date.parse('2024-03-09T15:00:00Z'), order: { quantity: 101 } }, riskLimits({ maxOrderNotional: 1000 }));
    expect(codes(many)).toEqual(['kill_switch', 'outside_trading_hours', 'max_order_notional']);
    expect(formatViolations(many.violations)).toMatch(/^kill_switch: trading is halted \(kill switch on\); outside_trading_hours: .*; max_order_notional: order notional 1010 exceeds 1000$/);
  });

  it.each([
    [{ order: { quantity: 0 } }, 'invalid_quantity', /got 0/],
    [{ order: { quantity: -5 } }, 'invalid_quantity', /got -5/],
    [{ order: { quantity: 2.5 } }, 'invalid_quantity', /got 2.5/],
    [{ order: { quantity: Number.NaN } }, 'invalid_quantity', /got NaN/],
    [{ order: { quantity: Number.POSITIVE_INFINITY } }, 'invalid_quantity', /got Infinity/],
    [{ order: { quantity: 2_147_483_648 } }, 'invalid_quantity', /whole number in \[1, 2147483647\], got 2147483648/],
    [{ order: { order_type: 'limit' as const, price: 1_000_000 } }, 'invalid_price', /DECIMAL\(10,4\)\), got 1000000/],
    [{ order: { order_type: 'limit' as const, price: 0 } }, 'invalid_price', /limit price must be a finite number in \(0, 999999.9999\] .* got 0/],
    [{ order: { order_type: 'limit' as const, price: -3 } }, 'invalid_price', /got -3/],
    [{ order: { order_type: 'limit' as const, price: Number.NaN } }, 'invalid_price', /got NaN/],
    [{ order: { order_type: 'limit' as const, price: null } }, 'invalid_price', /got null/],
    [{ order: { price: 10 } }, 'invalid_price', /a market order has no price/],
    [{ referencePrice: Number.POSITIVE_INFINITY }, 'invalid_price', /reference price .* got Infinity/],
    [{ referencePrice: 0 }, 'invalid_price', /reference price .* got 0/],
    [{ position: Number.NaN }, 'invalid_input', /position must be whole/],
  ])('refuses bad input %#: %s', (overrides, code, message) => {
    const result = check(overrides as CheckOverrides, riskLimits());
    expect(result.allowed).toBe(false);
    const violation = result.violations.find((v) => v.code === code);
    expect(violation?.message).toMatch(message);
    // With a bad quantity or price nothing is sized: no notional check reports NaN.
    expect(result.violations.every((v) => !/NaN exceeds|Infinity exceeds/.test(v.message))).toBe(true);
  });
});

describe('riskLimits', () => {
  it('fills in the defaults', () => {
    expect(riskLimits()).toEqual({
      maxPositionShares: null,
      maxPositionNotional: 100_000,
      maxGrossExposure: 1_000_000,
      maxOrderNotional: 50_000,
      maxOrdersPerMinute: 60,
      tradingHours: { timeZone: 'America/New_York', sessionOpen: '09:30', sessionClose: '16:00' },
    });
  });

  it('refuses bad limits, listing every field', () => {
    try {
      riskLimits({ maxOrdersPerMinute: 0, maxOrderNotional: -1, tradingHours: { timeZone: 'Mars/Olympus', sessionOpen: '25:00', sessionClose: '16:00' } });
      expect.unreachable('bad limits were accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(['maxOrdersPerMinute', 'maxOrderNotional', 'tradingHours.timeZone', 'tradingHours.sessionOpen']),
      );
    }
    expect(() => riskLimits({ tradingHours: { timeZone: 'UTC', sessionOpen: '16:00', sessionClose: '09:30' } })).toThrow(/sessionClose: sessionClose must be after sessionOpen/);
  });
});

describe('the orders-per-minute window', () => {
  it('counts (now − 60 s, now]', () => {
    const now = 1_000_000;
    expect(ordersInWindow([now - 60_000, now - 59_999, now, now + 1], now)).toBe(2);
    expect(ordersInWindow([], now)).toBe(0);
  });

  it('pruning keeps what is still in the window', () => {
    const now = 1_000_000;
    expect(pruneOrderTimes([now - 120_000, now - 60_000, now - 59_999, now], now)).toEqual([now - 59_999, now]);
  });
});
