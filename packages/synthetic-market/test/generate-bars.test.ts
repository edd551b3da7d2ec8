import { describe, expect, it } from 'vitest';
import { BAR_INTERVALS, type BarColumns, barRows, generateBars, syntheticUniverse } from '../src/index.ts';

const NOW = Date.UTC(2026, 2, 13, 20, 0);
const HOUR = 3_600_000;

function sameBars(a: BarColumns, b: BarColumns): void {
  expect(a.length).toBe(b.length);
  expect(Array.from(a.timestamp)).toEqual(Array.from(b.timestamp));
  for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) {
    expect(Array.from(a[column])).toEqual(Array.from(b[column]));
  }
}

function concat(parts: BarColumns[]): BarColumns {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const join = (column: 'timestamp' | 'open' | 'high' | 'low' | 'close' | 'volume'): Float64Array => {
    const out = new Float64Array(length);
    let offset = 0;
    for (const part of parts) {
      out.set(part[column], offset);
      offset += part.length;
    }
    return out;
  };
  return {
    symbol: parts[0]!.symbol,
    interval: parts[0]!.interval,
    length,
    timestamp: join('timestamp'),
    open: join('open'),
    high: join('high'),
    low: join('low'),
    close: join('close'),
    volume: join('volume'),
  };
}

describe('determinism', () => {
  it('gives identical bars for the same seed, symbol and range, and different bars for another seed', () => {
    const range = { start: Date.UTC(2025, 10, 1), end: NOW, now: NOW };
    const first = generateBars('ACME', '1h', range);
    sameBars(first, generateBars('ACME', '1h', range));
    const otherSeed = generateBars('ACME', '1h', range, { seed: 7 });
    expect(Array.from(otherSeed.close)).not.toEqual(Array.from(first.close));
    const otherSymbol = generateBars('ACMF', '1h', range);
    expect(Array.from(otherSymbol.close)).not.toEqual(Array.from(first.close));
  });

  it.each(BAR_INTERVALS)('%s: [a,b) followed by [b,c) equals [a,c), whatever b is', (interval) => {
    const span = interval === '1m' ? 40 * 24 * HOUR : interval === '1d' ? 800 * 24 * HOUR : 200 * 24 * HOUR;
    const a = NOW - span;
    const whole = generateBars('XYZ', interval, { start: a, end: NOW + 1, now: NOW });
    expect(whole.length).toBeGreaterThan(20);
    // Cut points inside a session, at a month boundary and just after a weekend.
    for (const b of [a + span * 0.37 + 12_345, Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 9, 13, 30)]) {
      const left = generateBars('XYZ', interval, { start: a, end: b, now: NOW });
      const right = generateBars('XYZ', interval, { start: b, end: NOW + 1, now: NOW });
      sameBars(concat([left, right]), whole);
    }
  });

  it('an incremental fetch (range ending later, `now` later) keeps every earlier bar unchanged', () => {
    const early = generateBars('INCR', '1h', { start: Date.UTC(2026, 0, 1), end: NOW, now: NOW - 30 * 24 * HOUR });
    const late = generateBars('INCR', '1h', { start: Date.UTC(2026, 0, 1), end: NOW, now: NOW });
    expect(late.length).toBeGreaterThan(early.length);
    sameBars(early, { ...late, length: early.length, ...sliceColumns(late, early.length) });
  });
});

function sliceColumns(bars: BarColumns, length: number) {
  return {
    timestamp: bars.timestamp.slice(0, length),
    open: bars.open.slice(0, length),
    high: bars.high.slice(0, length),
    low: bars.low.slice(0, length),
    close: bars.close.slice(0, length),
    volume: bars.volume.slice(0, length),
  };
}

describe('session calendar', () => {
  const firstBarOn = (interval: '1h' | '5m' | '1d', y: number, m: number, d: number): string => {
    const bars = generateBars('CAL', interval, { start: Date.UTC(y, m, d), end: Date.UTC(y, m, d + 1), now: NOW + 365 * 24 * HOUR });
    return new Date(bars.timestamp[0]!).toISOString();
  };

  it('opens at 09:30 New York across the March and November daylight-saving changes', () => {
    expect(firstBarOn('1h', 2026, 2, 6)).toBe('2026-03-06T14:30:00.000Z');
    expect(firstBarOn('1h', 2026, 2, 9)).toBe('2026-03-09T13:30:00.000Z');
    expect(firstBarOn('5m', 2026, 9, 30)).toBe('2026-10-30T13:30:00.000Z');
    expect(firstBarOn('5m', 2026, 10, 2)).toBe('2026-11-02T14:30:00.000Z');
    expect(firstBarOn('1d', 2026, 10, 2)).toBe('2026-11-02T14:30:00.000Z');
    // Pre-2007 rule: DST ended on the last Sunday of October.
    expect(firstBarOn('1h', 2006, 9, 27)).toBe('2006-10-27T13:30:00.000Z');
    expect(firstBarOn('1h', 2006, 9, 30)).toBe('2006-10-30T14:30:00.000Z');
  });

  it('has 7 hourly bars a day at 09:30 … 15:30 local and the session bar counts of the other intervals', () => {
    const day = (interval: (typeof BAR_INTERVALS)[number]) =>
      generateBars('CAL', interval, { start: Date.UTC(2026, 2, 9), end: Date.UTC(2026, 2, 10), now: NOW });
    const hourly = day('1h');
    expect(Array.from(hourly.timestamp, (t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '13:30', '14:30', '15:30', '16:30', '17:30', '18:30', '19:30',
    ]);
    expect([day('1m').length, day('5m').length, day('15m').length, day('30m').length, day('1d').length]).toEqual([
      390, 78, 26, 13, 1,
    ]);
  });

  it('has no weekend bars, and with holidays on no bars on NYSE holidays', () => {
    const bars = generateBars('CAL', '1h', { start: Date.UTC(2024, 0, 1), end: NOW, now: NOW });
    for (const t of bars.timestamp) expect([0, 6]).not.toContain(new Date(t).getUTCDay());
    const range = { start: Date.UTC(2025, 11, 20), end: Date.UTC(2026, 6, 10), now: NOW + 365 * 24 * HOUR };
    const dates = (holidays: boolean) =>
      new Set(Array.from(generateBars('CAL', '1d', range, { holidays }).timestamp, (t) => new Date(t).toISOString().slice(0, 10)));
    const withHolidays = dates(true);
    const without = dates(false);
    for (const holiday of ['2025-12-25', '2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03']) {
      expect(without.has(holiday)).toBe(true);
      expect(withHolidays.has(holiday)).toBe(false);
    }
    expect(without.size - withHolidays.size).toBe(8);
  });

  it('ends with the last bar whose start is at or before now', () => {
    const now = Date.UTC(2026, 2, 12, 16, 45); // Thursday 12:45 New York
    const bars = generateBars('CAL', '1h', { start: Date.UTC(2026, 2, 12), end: Date.UTC(2026, 2, 20), now });
    expect(new Date(bars.timestamp[bars.length - 1]!).toISOString()).toBe('2026-03-12T16:30:00.000Z');
    const exact = generateBars('CAL', '1h', { start: Date.UTC(2026, 2, 12), end: Date.UTC(2026, 2, 20), now: Date.UTC(2026, 2, 12, 16, 30) });
    expect(exact.length).toBe(bars.length);
    expect(generateBars('CAL', '1h', { start: now + HOUR, end: now + 2 * HOUR, now }).length).toBe(0);
  });
});

describe('bar sanity', () => {
  it('keeps OHLC consistent, prices in cents and volume a positive integer over 100k+ bars', () => {
    let checked = 0;
    const symbols = syntheticUniverse(12);
    for (const [index, symbol] of symbols.entries()) {
      const interval = (['1m', '5m', '15m', '30m', '1h', '1d'] as const)[index % 6]!;
      const start = interval === '1m' ? Date.UTC(2026, 0, 5) : interval === '1d' ? Date.UTC(1995, 0, 1) : Date.UTC(2025, 0, 1);
      const bars = generateBars(symbol, interval, { start, end: NOW, now: NOW });
      for (let i = 0; i < bars.length; i += 1) {
        const open = bars.open[i]!;
        const close = bars.close[i]!;
        const high = bars.high[i]!;
        const low = bars.low[i]!;
        const volume = bars.volume[i]!;
        const ok =
          high >= Math.max(open, close) &&
          low <= Math.min(open, close) &&
          low > 0 &&
          Number.isInteger(volume) &&
          volume > 0 &&
          [open, high, low, close].every((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6);
        if (!ok) throw new Error(`bad bar ${symbol} ${interval} ${JSON.stringify(barRows(bars)[i])}`);
        if (i > 0) expect(bars.timestamp[i]!).toBeGreaterThan(bars.timestamp[i - 1]!);
      }
      checked += bars.length;
    }
    expect(checked).toBeGreaterThan(100_000);
  });

  it('rejects a bad predictability or seed', () => {
    const range = { start: Date.UTC(2026, 0, 1), end: NOW, now: NOW };
    expect(() => generateBars('X', '1h', range, { predictability: 0.9 })).toThrow(RangeError);
    expect(() => generateBars('X', '1h', range, { predictability: Number.NaN })).toThrow(RangeError);
    expect(() => generateBars('X', '1h', range, { seed: 1.5 })).toThrow(RangeError);
  });
});
