import { describe, expect, it } from 'vitest';
import { computeLabels, ModelInputError } from '../src/index.ts';

const close = Float64Array.from([100, 110, 99, 99, 120]);

describe('labels from future bars of one series', () => {
  it('momentum is the forward return close[t+h]/close[t] - 1, NaN past the end', () => {
    const h1 = computeLabels('momentum', close, 1);
    expect(Array.from(h1.subarray(0, 4))).toEqual([110 / 100 - 1, 99 / 110 - 1, 99 / 99 - 1, 120 / 99 - 1].map((v) => expect.closeTo(v, 15)));
    expect(h1[4]).toBeNaN();
    const h2 = computeLabels('momentum', close, 2);
    expect(h2[0]).toBeCloseTo(-0.01, 14);
    expect(h2[2]).toBeCloseTo(120 / 99 - 1, 14);
    expect(Number.isNaN(h2[3]!) && Number.isNaN(h2[4]!)).toBe(true);
  });

  it('price_direction is 1 only for a strictly positive forward return (flat is 0)', () => {
    const labels = computeLabels('price_direction', close, 1);
    expect(Array.from(labels.subarray(0, 4))).toEqual([1, 0, 0, 1]);
    expect(labels[4]).toBeNaN();
  });

  it('volatility is the sample std of the h one-bar log returns t+1..t+h', () => {
    const labels = computeLabels('volatility', close, 2);
    // Two values a, b have sample std |a − b| / √2.
    const a = Math.log(110 / 100);
    const b = Math.log(99 / 110);
    expect(labels[0]).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 14);
    const r = [Math.log(99 / 110), Math.log(99 / 99), Math.log(120 / 99)];
    const mean = (r[0]! + r[1]! + r[2]!) / 3;
    const sampleVar = r.reduce((s, v) => s + (v - mean) ** 2, 0) / 2;
    expect(computeLabels('volatility', close, 3)[1]).toBeCloseTo(Math.sqrt(sampleVar), 14);
    expect(labels[3]).toBeNaN();
  });

  it('a missing close gives a missing label, never a filled one', () => {
    const gap = Float64Array.from([100, Number.NaN, 102, 103]);
    const labels = computeLabels('momentum', gap, 1);
    expect(labels[0]).toBeNaN();
    expect(labels[1]).toBeNaN();
    expect(labels[2]).toBeCloseTo(103 / 102 - 1, 15);
    expect(computeLabels('volatility', gap, 2)[0]).toBeNaN();
  });

  it('label[t] ignores every bar after t+h', () => {
    const base = computeLabels('volatility', close, 2);
    const changed = close.slice();
    changed[4] = 5000;
    const after = computeLabels('volatility', changed, 2);
    expect(after[0]).toBe(base[0]);
    expect(after[1]).toBe(base[1]);
    expect(after[2]).not.toBe(base[2]);
  });

  it('rejects a horizon that is not an integer ≥ 1, and volatility below 2', () => {
    for (const horizon of [0, -1, 1.5, Number.NaN]) {
      expect(() => computeLabels('momentum', close, horizon)).toThrow(ModelInputError);
      expect(() => computeLabels('momentum', close, horizon)).toThrow(/horizon must be an integer ≥ 1/);
    }
    expect(() => computeLabels('volatility', close, 1)).toThrow(/volatility needs horizon ≥ 2/);
    expect(() => computeLabels('sideways' as never, close, 1)).toThrow(/unknown prediction type "sideways"/);
  });
});
