import { describe, expect, it } from 'vitest';
import { symbolProfile, syntheticStockInfo, syntheticUniverse } from '../src/index.ts';

describe('syntheticUniverse', () => {
  it('returns n distinct valid tickers, the same every time, smaller n a prefix of larger', () => {
    const universe = syntheticUniverse(1057);
    expect(universe).toHaveLength(1057);
    expect(new Set(universe).size).toBe(1057);
    for (const symbol of universe) expect(symbol).toMatch(/^[A-Z]{1,5}$/);
    expect(syntheticUniverse(1057)).toEqual(universe);
    expect(syntheticUniverse(100)).toEqual(universe.slice(0, 100));
    expect(syntheticUniverse(0)).toEqual([]);
    expect(() => syntheticUniverse(-1)).toThrow(RangeError);
    expect(() => syntheticUniverse(2.5)).toThrow(RangeError);
  });
});

describe('syntheticStockInfo', () => {
  it('is deterministic and plausible', () => {
    const info = syntheticStockInfo('ACME');
    expect(syntheticStockInfo('ACME')).toEqual(info);
    expect(info.symbol).toBe('ACME');
    expect(info.companyName.length).toBeGreaterThan(3);
    expect(info.country).toBe('US');
    expect(info.currency).toBe('USD');
    expect(['NASDAQ', 'NYSE']).toContain(info.exchange);
    expect(info.marketCap).toBeGreaterThan(1e8);
    expect(Number.isInteger(info.marketCap)).toBe(true);
    const sectors = new Set(syntheticUniverse(300).map((s) => syntheticStockInfo(s).sector));
    expect(sectors.size).toBeGreaterThanOrEqual(8);
  });

  it('matches the price level of the symbol profile', () => {
    const profile = symbolProfile('ACME');
    expect(syntheticStockInfo('ACME').marketCap).toBe(Math.round(profile.sharesOutstanding * profile.referencePrice));
  });
});
