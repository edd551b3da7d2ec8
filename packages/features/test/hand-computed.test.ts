// Small series whose expected values are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { computeFeatures, featureRow, type BarColumns } from '../src/index.ts';
import { windowMoments } from '../src/kernels/window-moments.ts';

const HOUR = 3_600_000;
function bars(close: number[], extra: Partial<Record<'open' | 'high' | 'low' | 'volume', number[]>> = {}): BarColumns {
  const n = close.length;
  const c = Float64Array.from(close);
  return {
    timestamp: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 2, 14, 30) + i * HOUR),
    open: Float64Array.from(extra.open ?? close),
    high: Float64Array.from(extra.high ?? close),
    low: Float64Array.from(extra.low ?? close),
    close: c,
    volume: Float64Array.from(extra.volume ?? close.map(() => 10)),
  };
}

describe('price group', () => {
  it('returns, logs, ranges, acceleration, sign, square', () => {
    // closes 100 → 110 → 99: r_1 = 0.1, r_2 = 99/110 − 1 = −0.1; acceleration_2 = −0.1 − 0.1 = −0.2.
    const { columns } = computeFeatures(bars([100, 110, 99], { open: [100, 105, 100], high: [101, 111, 102], low: [99, 104, 98] }));
    const row = featureRow(columns, 2);
    expect(row.returns).toBeCloseTo(-0.1, 15);
    expect(row.log_returns).toBeCloseTo(Math.log(0.9), 15);
    expect(row.high_low_pct).toBeCloseTo((102 - 98) / 99, 15); // 4/99
    expect(row.open_close_pct).toBeCloseTo((99 - 100) / 100, 15); // −0.01
    expect(row.price_acceleration).toBeCloseTo(-0.2, 15);
    expect(row.returns_sign).toBe(-1);
    expect(row.returns_squared).toBeCloseTo(0.01, 15);
    expect(featureRow(columns, 0).returns).toBeNull();
  });
});

describe('moving averages on a straight line (close_t = t + 1)', () => {
  const closes = Array.from({ length: 30 }, (_, t) => t + 1);
  const { columns } = computeFeatures(bars(closes));
  it('SMA(24) at index 23 is the mean of 1..24 = 12.5; at 29 the mean of 7..30 = 18.5', () => {
    expect(columns.price_ma_short[23]).toBe(12.5);
    expect(columns.price_ma_short[29]).toBe(18.5);
  });
  it('EMA(12) is seeded with mean(1..12) = 6.5 at index 11; then 2/13·13 + 11/13·6.5 = 2 + 5.5 = 7.5', () => {
    expect(columns.ema_12[10]).toBeNaN();
    expect(columns.ema_12[11]).toBe(6.5);
    expect(columns.ema_12[12]).toBeCloseTo(7.5, 14);
  });
});

describe('volume group', () => {
  it('vpt and obv accumulate from 0 at the first bar', () => {
    // closes 10, 11, 11, 9.9 with volumes 5, 100, 200, 50:
    // vpt = 0, 100·0.1 = 10, 10 + 200·0 = 10, 10 + 50·(9.9/11 − 1 = −0.1) = 5
    // obv = 0, +100, +0 (unchanged close), −50 → 50
    const { columns } = computeFeatures(bars([10, 11, 11, 9.9], { volume: [5, 100, 200, 50] }));
    expect(Array.from(columns.vpt, (v) => Number(v.toFixed(12)))).toEqual([0, 10, 10, 5]);
    expect(Array.from(columns.obv)).toEqual([0, 100, 100, 50]);
    expect(columns.log_volume[1]).toBeCloseTo(Math.log(101), 15);
  });
});

describe('RSI first value (StockCharts closes 44.34 … 46.28)', () => {
  it('avgGain = 3.34/14, avgLoss = 1.40/14 → RSI = 100 − 100/(1 + 3.34/1.40) = 70.4641…', () => {
    // Changes 1..14: −0.25, +0.06, −0.54, +0.72, +0.50, +0.27, +0.32, +0.42, +0.24, −0.19, +0.14, −0.42, +0.67, 0.00
    // gains sum 0.06+0.72+0.50+0.27+0.32+0.42+0.24+0.14+0.67 = 3.34; losses 0.25+0.54+0.19+0.42 = 1.40
    const closes = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28];
    const { columns } = computeFeatures(bars(closes));
    expect(columns.rsi_14[13]).toBeNaN();
    expect(columns.rsi_14[14]).toBeCloseTo(100 - 100 / (1 + 3.34 / 1.4), 10);
  });
});

describe('rolling skew and kurtosis (pandas estimators)', () => {
  it('window [0, 0, 0, 0, 0, 6]: skew = √6, excess kurtosis = 6', () => {
    // mean 1, deviations (−1 ×5, 5): m2 = (5 + 25)/6 = 5, m3 = (−5 + 125)/6 = 20, m4 = (5 + 625)/6 = 105
    // skew = √(6·5)/4 · 20/5^1.5 = √6;  kurt = (35·105/25 − 3·25)/(4·3) = (147 − 75)/12 = 6
    const x = Float64Array.from([0, 0, 0, 0, 0, 6]);
    const [mean, std, skew, kurt] = [0, 0, 0, 0].map(() => new Float64Array(6));
    windowMoments(x, 6, mean!, std!, skew!, kurt!);
    expect(mean![5]).toBe(1);
    expect(std![5]).toBeCloseTo(Math.sqrt(30 / 5), 14); // Σd² = 30, n − 1 = 5
    expect(skew![5]).toBeCloseTo(Math.sqrt(6), 14);
    expect(kurt![5]).toBeCloseTo(6, 13);
  });
});

describe('technical group', () => {
  it('Williams %R and stochastic %K from HH(14)/LL(14) on a rising line', () => {
    // close_t = t + 2, high = close + 1, low = close − 1. At t = 13: HH = 16, LL = 1, close = 15.
    // %R = −100·(16 − 15)/15 = −6.667; %K = 100·(15 − 1)/15 = 93.333
    const closes = Array.from({ length: 16 }, (_, t) => t + 2);
    const { columns } = computeFeatures(bars(closes, { high: closes.map((c) => c + 1), low: closes.map((c) => c - 1) }));
    expect(columns.williams_r[13]).toBeCloseTo(-100 / 15, 12);
    expect(columns.stoch_k[13]).toBeCloseTo(1400 / 15, 12);
    // Every later bar has the same shape (HH = close + 1, LL = close − 14): %K = 100·14/15, so %D too.
    expect(columns.stoch_d[15]).toBeCloseTo(1400 / 15, 12);
  });
});
