import { describe, expect, it } from 'vitest';
import { applyStandardScaler, fitStandardScaler } from '../src/index.ts';

describe('standard scaler', () => {
  const a = Float64Array.from([1, 2, 3, 4, 1000]);
  const b = Float64Array.from([5, 5, 5, 5, -7]);
  const train = Int32Array.from([0, 1, 2, 3]);

  it('fits mean and population std on training rows only; a constant column gets scale 1', () => {
    const scaler = fitStandardScaler([a, b], train);
    expect(Array.from(scaler.mean)).toEqual([2.5, 5]);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(scaler.scale[1]).toBe(1);
  });

  it('changing a non-training row changes nothing fitted', () => {
    const changed = a.slice();
    changed[4] = -1e9;
    expect(fitStandardScaler([changed, b], train)).toEqual(fitStandardScaler([a, b], train));
  });

  it('applies to any rows', () => {
    const scaler = fitStandardScaler([a, b], train);
    const [za, zb] = applyStandardScaler(scaler, [a, b]);
    expect(za![0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 15);
    expect(za![4]).toBeCloseTo(997.5 / Math.sqrt(1.25), 10);
    expect(Array.from(zb!)).toEqual([0, 0, 0, 0, -12]);
    const [subset] = applyStandardScaler(scaler, [a, b], Int32Array.from([4, 0]));
    expect(Array.from(subset!)).toEqual([za![4], za![0]]);
    expect(() => applyStandardScaler(scaler, [a])).toThrow(/fitted on 2 features, got 1 columns/);
    expect(() => fitStandardScaler([a], new Int32Array(0))).toThrow(/zero rows/);
  });
});
