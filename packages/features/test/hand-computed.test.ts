// Small series whose expected values are worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { computeFeatures, featureRow, type BarColumns } from '../src/index.ts';

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

describe('rolling group through the engine (the nested 6/12/24 kernel)', () => {
  it('closes 1,1,1,1,1,1,7: returns window [0,0,0,0,0,6] has mean 1, SD √6, skew √6, excess kurtosis 6', () => {
    // Same window as above, reached through computeFeatures: r_1..r_5 = 0, r_6 = 7/1 − 1 = 6.
    const { columns } = computeFeatures(bars([1, 1, 1, 1, 1, 1, 7]));
    expect(columns.returns_mean_6h[5]).toBeNaN(); // r_0 is NULL, so the first full window ends at 6
    expect(columns.returns_mean_6h[6]).toBe(1);
    expect(columns.returns_std_6h[6]).toBeCloseTo(Math.sqrt(6), 14);
    expect(columns.returns_skew_6h[6]).toBeCloseTo(Math.sqrt(6), 13);
    expect(columns.returns_kurt_6h[6]).toBeCloseTo(6, 12);
    expect(columns.price_momentum_6h[6]).toBe(6); // 7 / close_0 − 1
  });
});

describe('volatility and lag groups on alternating ±1% returns', () => {
  // close_t = close_{t−1}·(1 ± 0.01), alternating, so every window of an even length holds as many
  // +0.01 as −0.01: mean 0, Σd² = n·1e-4, SD = 0.01·√(n/(n−1)). Each bar: high = c·e^0.01,
  // low = c·e^−0.01, open = c·e^−0.005, so ln(h/l) = 0.02 and ln(c/o) = 0.005 on every bar.
  const n = 200;
  const close: number[] = [100];
  for (let t = 1; t < n; t++) close.push(close[t - 1]! * (t % 2 === 1 ? 1.01 : 0.99));
  const volume = close.map((_, t) => 100 + t);
  const { columns } = computeFeatures(
    bars(close, {
      high: close.map((c) => c * Math.exp(0.01)),
      low: close.map((c) => c * Math.exp(-0.01)),
      open: close.map((c) => c * Math.exp(-0.005)),
      volume,
    }),
  );

  it('realized vol = sample SD of the returns, and their ratios', () => {
    expect(columns.realized_vol_short[11]).toBeNaN();
    expect(columns.realized_vol_short[12]).toBeCloseTo(0.01 * Math.sqrt(12 / 11), 12);
    expect(columns.realized_vol_med[24]).toBeCloseTo(0.01 * Math.sqrt(24 / 23), 12);
    expect(columns.realized_vol_long[120]).toBeCloseTo(0.01 * Math.sqrt(120 / 119), 12);
    expect(columns.vol_ratio_short_med[24]).toBeCloseTo(Math.sqrt(23 / 22), 10); // √(12/11) / √(24/23)
    // realized_vol_med is the same on every bar, so its SD over 24 bars is 0 from index 47 on.
    expect(columns.vol_of_vol[46]).toBeNaN();
    expect(columns.vol_of_vol[47]).toBeCloseTo(0, 12);
  });

  it('Garman–Klass, Parkinson and Rogers–Satchell from the constant bar shape', () => {
    // g = 0.5·0.02² − (2 ln 2 − 1)·0.005²; parkinson = √(0.02² / (4 ln 2));
    // rs = ln(h/c)·ln(h/o) + ln(l/c)·ln(l/o) = 0.01·0.015 + (−0.01)·(−0.005) = 0.0002
    expect(columns.gk_volatility[22]).toBeNaN();
    expect(columns.gk_volatility[23]).toBeCloseTo(Math.sqrt(0.5 * 0.0004 - (2 * Math.LN2 - 1) * 0.000025), 12);
    expect(columns.parkinson_vol[23]).toBeCloseTo(Math.sqrt(0.0004 / (4 * Math.LN2)), 12);
    expect(columns.rogers_satchell_vol[23]).toBeCloseTo(Math.sqrt(0.0002), 12);
  });

  it('lags are the source column k bars earlier, NULL while the source is', () => {
    expect(columns.returns_lag_1[1]).toBeNaN(); // r_0 is NULL
    expect(columns.returns_lag_1[2]).toBeCloseTo(0.01, 14); // r_1 = +1%
    expect(columns.returns_lag_2[3]).toBeCloseTo(0.01, 14);
    expect(columns.returns_lag_24[25]).toBeCloseTo(0.01, 14);
    expect(columns.vol_lag_1[12]).toBeNaN();
    expect(columns.vol_lag_1[13]).toBe(columns.realized_vol_short[12]);
    // volume_ma at 119 = mean(100..219) = 159.5, so volume_ratio_119 = 219/159.5, 24 bars later as lag 24.
    expect(columns.volume_ratio[119]).toBeCloseTo(219 / 159.5, 14);
    expect(columns.volume_ratio_lag_24[142]).toBeNaN();
    expect(columns.volume_ratio_lag_24[143]).toBe(columns.volume_ratio[119]);
  });
});

describe('technical group on the line close_t = t + 10, high = close + 1, low = close − 1', () => {
  const closes = Array.from({ length: 60 }, (_, t) => t + 10);
  const { columns } = computeFeatures(bars(closes, { high: closes.map((c) => c + 1), low: closes.map((c) => c - 1) }));

  it('MACD: an SMA-seeded EMA(n) of a line lags it by (n − 1)/2, so macd = 12.5 − 5.5 = 7 from index 25', () => {
    // Seed: mean of the first n closes = close_{n−1} − (n − 1)/2; the recursion keeps that lag.
    expect(columns.ema_26[25]).toBeCloseTo(35 - 12.5, 12);
    expect(columns.macd[24]).toBeNaN();
    expect(columns.macd[25]).toBeCloseTo(7, 12);
    expect(columns.macd_signal[32]).toBeNaN(); // 9 macd values (25..33) seed the signal
    expect(columns.macd_signal[33]).toBeCloseTo(7, 12);
    expect(columns.macd_histogram[40]).toBeCloseTo(0, 12);
    expect(columns.macd_normalized[25]).toBeCloseTo(7 / 35, 12);
  });

  it('ATR: TR = 2 on every bar (TR_0 = high − low), so atr = 2 from index 13', () => {
    expect(columns.atr[12]).toBeNaN();
    expect(columns.atr[13]).toBeCloseTo(2, 14);
    expect(columns.atr_normalized[13]).toBeCloseTo(2 / 23, 14);
  });

  it('ADX: +DM = 1 and −DM = 0 on every bar, so DX = 100 and adx = 100 from index 27', () => {
    expect(columns.adx[26]).toBeNaN();
    expect(columns.adx[27]).toBeCloseTo(100, 12);
  });

  it('CCI: TP = close; over 20 bars of a line, TP − SMA = 9.5 and the mean absolute deviation is 5', () => {
    expect(columns.cci[18]).toBeNaN();
    expect(columns.cci[19]).toBeCloseTo(9.5 / (0.015 * 5), 10);
  });
});

describe('Bollinger Bands and MFI on closes alternating 10, 12 (and 10, 11)', () => {
  it('SMA 11, population SD 1: bands 13 / 9, position of a 12 close 0.75, squeeze 4/11', () => {
    const { columns } = computeFeatures(bars(Array.from({ length: 20 }, (_, t) => (t % 2 === 0 ? 10 : 12))));
    expect(columns.bb_middle[18]).toBeNaN();
    expect([columns.bb_upper[19], columns.bb_middle[19], columns.bb_lower[19]]).toEqual([13, 11, 9]);
    expect(columns.bb_position[19]).toBe(0.75);
    expect(columns.bb_squeeze[19]).toBeCloseTo(4 / 11, 15);
  });

  it('MFI(14): 7 rises to TP 11 and 7 falls to TP 10 at equal volume → 100 − 100/(1 + 77/70)', () => {
    const { columns } = computeFeatures(bars(Array.from({ length: 15 }, (_, t) => (t % 2 === 0 ? 10 : 11))));
    expect(columns.mfi[13]).toBeNaN();
    expect(columns.mfi[14]).toBeCloseTo(100 - 100 / (1 + 77 / 70), 12);
  });
});
