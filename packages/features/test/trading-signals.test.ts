// Independent check against trading-signals 8.3.0 over a few thousand random-walk bars.
// Where its definition equals FEATURES.md the values must agree to 1e-9 from the first bar on;
// where it differs (noted per case) the difference is shown to exist and to be only the one named.
import { describe, expect, it } from 'vitest';
import { ADX, ATR, BollingerBands, CCI, EMA, MACD, MFI, OBV, PVT, RSI, SMA, StochasticOscillator, WilliamsR } from 'trading-signals';
import { computeFeatures } from '../src/index.ts';
import { relativelyClose } from './support/compare.ts';
import { randomWalkBars } from './support/synthetic-bars.ts';

const N = 3000;
const bars = randomWalkBars({ count: N, seed: 61, startPrice: 250, sigma: 0.008 });
const { columns } = computeFeatures(bars);
const candle = (i: number) => ({ open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]! });

/** Runs `update` on every bar and returns the first index where it disagrees with `ours`, or -1. */
function firstDisagreement(ours: Float64Array, update: (i: number) => number | null, from = 0): number {
  for (let i = 0; i < N; i++) {
    const theirs = update(i);
    if (i < from) continue;
    const mine = ours[i]!;
    const bothNull = theirs === null && !Number.isFinite(mine);
    if (!bothNull && (theirs === null || !relativelyClose(mine, theirs))) return i;
  }
  return -1;
}

describe('matches trading-signals where the definitions agree', () => {
  it('RSI(14), RSI(24), RSI(72), RSI(168), RSI(336): Wilder smoothing seeded with the SMA, first value at index n', () => {
    for (const [period, name] of [[14, 'rsi_14'], [24, 'rsi_1d'], [72, 'rsi_3d'], [168, 'rsi_1w'], [336, 'rsi_2w']] as const) {
      const rsi = new RSI(period);
      expect(firstDisagreement(columns[name], (i) => rsi.update(bars.close[i]!, false)), name).toBe(-1);
    }
  });

  it('ATR(14): RMA of TR with TR_0 = high − low, first value at index 13', () => {
    const atr = new ATR(14);
    expect(firstDisagreement(columns.atr, (i) => atr.update(candle(i), false))).toBe(-1);
  });

  it('Bollinger Bands(20, 2): population SD', () => {
    for (const band of ['upper', 'middle', 'lower'] as const) {
      const bb = new BollingerBands(20, 2);
      expect(firstDisagreement(columns[`bb_${band}`], (i) => bb.update(bars.close[i]!, false)?.[band] ?? null), band).toBe(-1);
    }
  });

  it('SMA(24/120/480) of close, SMA(120) of volume', () => {
    const cases = [[columns.price_ma_short, 24, bars.close], [columns.price_ma_med, 120, bars.close], [columns.price_ma_long, 480, bars.close], [columns.volume_ma, 120, bars.volume]] as const;
    for (const [ours, period, input] of cases) {
      const sma = new SMA(period);
      expect(firstDisagreement(ours, (i) => sma.update(input[i]!, false)), `SMA(${period})`).toBe(-1);
    }
  });

  it('MFI(14): first value at index 14', () => {
    const mfi = new MFI(14);
    expect(firstDisagreement(columns.mfi, (i) => mfi.update(candle(i), false))).toBe(-1);
  });

  it('CCI(20), Williams %R(14), stochastic %K(14) and %D(3)', () => {
    const cci = new CCI(20);
    expect(firstDisagreement(columns.cci, (i) => cci.update(candle(i), false)), 'cci').toBe(-1);
    const willr = new WilliamsR(14);
    expect(firstDisagreement(columns.williams_r, (i) => willr.update(candle(i), false)), 'williams_r').toBe(-1);
    const stochK = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 1, dPeriod: 3 });
    const stochD = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 1, dPeriod: 3 });
    // trading-signals emits %K only once %D exists (index 15); from there both must agree.
    expect(firstDisagreement(columns.stoch_k, (i) => stochK.update(candle(i), false)?.stochK ?? null, 15), 'stoch_k').toBe(-1);
    expect(firstDisagreement(columns.stoch_d, (i) => stochD.update(candle(i), false)?.stochD ?? null), 'stoch_d').toBe(-1);
  });

  it('OBV and PVT (vpt): the same recursion, trading-signals starting one bar later with no value at bar 0', () => {
    const obv = new OBV(2);
    const pvt = new PVT();
    expect(firstDisagreement(columns.obv, (i) => obv.update(candle(i), false), 1)).toBe(-1);
    expect(firstDisagreement(columns.vpt, (i) => pvt.update(candle(i), false), 1)).toBe(-1);
  });
});

describe('differs from trading-signals only where its definition differs', () => {
  // trading-signals' EMA is seeded with the first input (EMA_0 = x_0) and reported from the n-th
  // input; FEATURES.md seeds with the SMA of the first n inputs. The seed's influence decays as
  // (1 − alpha)^t, so after 600 bars ((11/13)^600 ≈ 1e-44) the two must agree to 1e-9.
  const BURN_IN = 600;

  it('EMA(12), EMA(26): different seed, same recursion', () => {
    for (const [period, name] of [[12, 'ema_12'], [26, 'ema_26']] as const) {
      const ema = new EMA(period);
      expect(firstDisagreement(columns[name], (i) => (ema.update(bars.close[i]!, false), ema.isStable ? ema.getResultOrThrow() : null)), `${name} early`).toBe(period - 1);
      const again = new EMA(period);
      expect(firstDisagreement(columns[name], (i) => (again.update(bars.close[i]!, false), again.isStable ? again.getResultOrThrow() : null), BURN_IN), name).toBe(-1);
    }
  });

  it('MACD(12, 26, 9): EMA seeding differs; equal after the burn-in', () => {
    const macd = new MACD(new EMA(12), new EMA(26), new EMA(9));
    const results = Array.from({ length: N }, (_, i) => macd.update(bars.close[i]!, false));
    for (const key of ['macd', 'signal', 'histogram'] as const) {
      const ours = key === 'macd' ? columns.macd : key === 'signal' ? columns.macd_signal : columns.macd_histogram;
      expect(firstDisagreement(ours, (i) => results[i]?.[key] ?? null, BURN_IN), key).toBe(-1);
    }
    // …and it does differ at the start (its signal is seeded with the first macd value at index 25).
    expect(relativelyClose(columns.macd_signal[40]!, results[40]!.signal)).toBe(false);
  });

  it('ADX(14): its DX feeds a +DM/−DM of 0 at bar 0 (FEATURES.md: DM from bar 1), so its ADX starts at 26, not 27; equal after the burn-in', () => {
    const adx = new ADX(14);
    const results = Array.from({ length: N }, (_, i) => adx.update(candle(i), false));
    expect(results.findIndex((r) => r !== null)).toBe(26);
    expect(Number.isFinite(columns.adx[26]!)).toBe(false);
    expect(firstDisagreement(columns.adx, (i) => results[i] ?? null, BURN_IN)).toBe(-1);
  });

  it('rsi_ema: RSI with EMA smoothing in trading-signals seeds with the first change, FEATURES.md with the SMA of 14', () => {
    const rsi = new RSI(14, EMA);
    const results = Array.from({ length: N }, (_, i) => rsi.update(bars.close[i]!, false));
    expect(relativelyClose(columns.rsi_ema[20]!, results[20]!)).toBe(false);
    expect(firstDisagreement(columns.rsi_ema, (i) => results[i] ?? null, BURN_IN)).toBe(-1);
  });
});
