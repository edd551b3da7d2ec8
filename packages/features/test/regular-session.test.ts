// isRegularSessionOpen must agree with the is_market_open feature bar for bar (order execution
// trades only when the features say the market is open), and with hand-placed instants.
import { describe, expect, it } from 'vitest';
import { computeFeatures, DEFAULT_MARKET_CALENDAR, featureRow, isRegularSessionOpen, regularSessionCloseOf, type BarColumns } from '../src/index.ts';

describe('isRegularSessionOpen', () => {
  it.each([
    ['2024-03-08T14:29:59Z', false], // Fri 09:29:59 EST
    ['2024-03-08T14:30:00Z', true], // Fri 09:30 EST: open is inside
    ['2024-03-08T20:59:59Z', true], // Fri 15:59:59 EST
    ['2024-03-08T21:00:00Z', false], // Fri 16:00 EST: close is outside
    ['2024-03-09T15:00:00Z', false], // Sat 10:00 EST
    ['2024-03-11T13:30:00Z', true], // Mon 09:30 EDT after the spring-forward
    ['2024-03-11T14:29:00Z', true], // Mon 10:29 EDT (would be 09:29 in EST)
    ['2024-11-04T14:29:00Z', false], // Mon 09:29 EST after the fall-back
  ])('%s → %s (New York)', (iso, open) => {
    expect(isRegularSessionOpen(Date.parse(iso), DEFAULT_MARKET_CALENDAR)).toBe(open);
  });

  it('follows the configured zone and session', () => {
    const tokyo = { timeZone: 'Asia/Tokyo', sessionOpen: '09:00', sessionClose: '15:00', midday: '11:30' };
    expect(isRegularSessionOpen(Date.parse('2024-03-11T00:00:00Z'), tokyo)).toBe(true); // Mon 09:00 JST
    expect(isRegularSessionOpen(Date.parse('2024-03-11T06:00:00Z'), tokyo)).toBe(false); // Mon 15:00 JST
  });

  it('agrees with the is_market_open feature on every 15-minute bar of two weeks', () => {
    const start = Date.parse('2024-03-04T00:00:00Z');
    const n = 14 * 96;
    const timestamp = Float64Array.from({ length: n }, (_, i) => start + i * 900_000);
    const open = new Float64Array(n).fill(100);
    const bars: BarColumns = { timestamp, open, high: open.map((o) => o + 1), low: open.map((o) => o - 1), close: open, volume: new Float64Array(n).fill(1000) };
    const { columns } = computeFeatures(bars);
    let opens = 0;
    for (let i = 0; i < n; i++) {
      const expected = featureRow(columns, i).is_market_open === 1;
      expect(isRegularSessionOpen(timestamp[i]!, DEFAULT_MARKET_CALENDAR), new Date(timestamp[i]!).toISOString()).toBe(expected);
      if (expected) opens++;
    }
    expect(opens).toBe(10 * 26); // ten weekdays × 26 quarter hours in 09:30–16:00
  });

  it('refuses a non-finite instant', () => {
    expect(() => isRegularSessionOpen(Number.NaN, DEFAULT_MARKET_CALENDAR)).toThrow(/finite/);
  });
});

describe('regularSessionCloseOf', () => {
  const at = (iso: string) => Date.parse(iso);
  it("gives the close of the session an instant lies in, in winter and summer time, and null outside", () => {
    // New York: EST (UTC−5) on 2025-01-15, EDT (UTC−4) on 2025-07-15.
    expect(regularSessionCloseOf(at('2025-01-15T20:30:00Z'), DEFAULT_MARKET_CALENDAR)).toBe(at('2025-01-15T21:00:00Z'));
    expect(regularSessionCloseOf(at('2025-01-15T14:30:00Z'), DEFAULT_MARKET_CALENDAR)).toBe(at('2025-01-15T21:00:00Z'));
    expect(regularSessionCloseOf(at('2025-07-15T19:30:00Z'), DEFAULT_MARKET_CALENDAR)).toBe(at('2025-07-15T20:00:00Z'));
    expect(regularSessionCloseOf(at('2025-07-15T20:00:00Z'), DEFAULT_MARKET_CALENDAR)).toBeNull(); // the close itself is outside
    expect(regularSessionCloseOf(at('2025-07-19T15:30:00Z'), DEFAULT_MARKET_CALENDAR)).toBeNull(); // a Saturday
  });
});
