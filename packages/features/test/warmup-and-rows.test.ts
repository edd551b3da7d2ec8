import { describe, expect, it } from 'vitest';
import { computeFeatures, FEATURE_DEFINITIONS, FEATURE_NAMES, featureRow, NUMERIC_FEATURE_NAMES } from '../src/index.ts';
import { randomWalkBars, sessionTimestamps } from './support/synthetic-bars.ts';

describe('declared warm-up', () => {
  const bars = randomWalkBars({ count: 900, seed: 31 });
  const { columns } = computeFeatures(bars);
  const firstSecondDateIndex = columns.date.findIndex((d) => d !== columns.date[0]);

  it.each(FEATURE_NAMES.map((name) => [name]))('%s is NULL exactly before its warm-up index on a gap-free series', (name) => {
    const declared = FEATURE_DEFINITIONS[name].warmup;
    const warmup = declared === 'second_local_date' ? firstSecondDateIndex : declared;
    const values = Array.from(columns[name] as ArrayLike<number | string | null>);
    const isNull = (v: number | string | null) => v === null || (typeof v === 'number' && !Number.isFinite(v));
    expect(values.slice(0, warmup).every(isNull)).toBe(true);
    expect(values.slice(warmup).findIndex(isNull)).toBe(-1);
  });
});

describe('row converter', () => {
  it('never lets NaN or ±Infinity out, even where every ratio divides by zero', () => {
    // Flat prices and zero volume: constant windows, HH = LL, avgLoss = 0, vpt_ma = 0, volume_ma = 0.
    const n = 600;
    const flat = new Float64Array(n).fill(50);
    const bars = { timestamp: sessionTimestamps(n), open: flat, high: flat, low: flat, close: flat, volume: new Float64Array(n) };
    const { columns } = computeFeatures(bars);
    for (let i = 0; i < n; i++) {
      const row = featureRow(columns, i);
      for (const name of NUMERIC_FEATURE_NAMES) {
        const v = row[name];
        expect(v === null || Number.isFinite(v), `${name}[${i}] = ${v}`).toBe(true);
      }
    }
    const last = featureRow(columns, n - 1);
    // Division by zero or a constant window's zero denominator is NULL …
    expect(last.stoch_k).toBeNull();
    expect(last.williams_r).toBeNull();
    expect(last.bb_position).toBeNull();
    expect(last.cci).toBeNull();
    expect(last.returns_skew_24h).toBeNull();
    expect(last.returns_kurt_6h).toBeNull();
    expect(last.vol_ratio_short_med).toBeNull();
    expect(last.volume_ratio).toBeNull();
    expect(last.position_in_range).toBeNull();
    expect(last.adx).toBeNull();
    // … while statistics that are merely zero stay numbers, and the RSI rule gives 100.
    expect(last.realized_vol_long).toBe(0);
    expect(last.bb_squeeze).toBe(0);
    expect(last.returns_std_6h).toBe(0);
    expect(last.rsi_14).toBe(100);
    expect(last.mfi).toBe(100);
    expect(last.price_to_ma_long).toBe(1);
  });

  it('gives numbers, date strings and nulls keyed by feature name', () => {
    const { columns } = computeFeatures(randomWalkBars({ count: 30, seed: 1 }));
    const row = featureRow(columns, 29);
    expect(Object.keys(row).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.price_ma_long).toBeNull();
    expect(typeof row.returns).toBe('number');
  });
});
