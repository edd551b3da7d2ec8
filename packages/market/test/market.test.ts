import { describe, expect, it } from 'vitest';
import { INTERVALS, INTERVAL_MS, isInterval, SCHEDULABLE_SOURCES, SOURCES, SYMBOL_PATTERN } from '../src/index.ts';

describe('market facts', () => {
  it('gives every interval its length, growing with the interval', () => {
    expect(Object.keys(INTERVAL_MS)).toEqual([...INTERVALS]);
    const lengths = INTERVALS.map((i) => INTERVAL_MS[i]);
    expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);
    expect(INTERVAL_MS['1h']).toBe(60 * INTERVAL_MS['1m']);
    expect(INTERVAL_MS['1d']).toBe(24 * INTERVAL_MS['1h']);
  });

  it('tells intervals from other strings', () => {
    expect(isInterval('15m')).toBe(true);
    expect(isInterval('2h')).toBe(false);
  });

  it('schedules every source but csv', () => {
    expect(SOURCES.filter((s) => !(SCHEDULABLE_SOURCES as readonly string[]).includes(s))).toEqual(['csv']);
  });
});

describe('symbol grammar', () => {
  it("accepts Yahoo's symbols and refuses text that could leak into SQL, paths or keys", () => {
    for (const symbol of ['AAPL', '^GSPC', 'EURUSD=X', 'GC=F', '0P000071W8.TO', 'BRK-B']) expect(SYMBOL_PATTERN.test(symbol), symbol).toBe(true);
    for (const symbol of ['', 'aapl', 'BRK B', 'A;B', 'A/B', 'A:B', '.A', 'A'.repeat(33)]) expect(SYMBOL_PATTERN.test(symbol), symbol).toBe(false);
  });
});
