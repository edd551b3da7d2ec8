// orderSendTime: the "now" of an order decided on a bar, shared by live trading and the backtest.
import { describe, expect, it } from 'vitest';
import { checkOrderRisk, DEFAULT_TRADING_HOURS, orderSendTime, riskLimits } from '../src/index.ts';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('orderSendTime', () => {
  it("is the bar's end, but the session's close for the session's last (shortened) bar", () => {
    // New York, winter: 09:30 = 14:30Z, the close 16:00 = 21:00Z.
    expect(orderSendTime(at('2024-01-08T19:30:00Z'), HOUR, DEFAULT_TRADING_HOURS)).toBe(at('2024-01-08T20:30:00Z')); // 14:30 bar → 15:30
    expect(orderSendTime(at('2024-01-08T20:30:00Z'), HOUR, DEFAULT_TRADING_HOURS)).toBe(at('2024-01-08T21:00:00Z')); // 15:30 bar → 16:00
    expect(orderSendTime(at('2024-01-08T20:30:00Z'), HOUR, null)).toBe(at('2024-01-08T21:30:00Z')); // no session: the nominal end
    expect(orderSendTime(at('2024-01-08T21:30:00Z'), HOUR, DEFAULT_TRADING_HOURS)).toBe(at('2024-01-08T22:30:00Z')); // a bar after hours
    expect(orderSendTime(at('2024-07-08T19:30:00Z'), HOUR, DEFAULT_TRADING_HOURS)).toBe(at('2024-07-08T20:00:00Z')); // summer: 15:30 EDT → 16:00 EDT
  });

  it('sends the decision on the last session bar at the close, which the trading-hours check refuses; the bar before is accepted', () => {
    const limits = riskLimits({});
    const check = (bar: string) =>
      checkOrderRisk(
        { order: { symbol: 'AAPL', side: 'buy', quantity: 10, order_type: 'market', price: null }, referencePrice: 100, position: 0, grossExposure: 0, recentOrderTimes: [], now: orderSendTime(at(bar), HOUR, limits.tradingHours), killSwitch: false },
        limits,
      );
    expect(check('2024-01-08T19:30:00Z').allowed).toBe(true);
    const last = check('2024-01-08T20:30:00Z');
    expect(last.allowed).toBe(false);
    expect(last.violations.map((v) => v.message)).toEqual(['2024-01-08T21:00:00.000Z is outside the session 09:30-16:00 America/New_York (weekdays)']);
  });
});
