import type { EngineContext } from '../engine/engine-context.ts';
import { ratio } from '../kernels/safe-math.ts';
import { emaAlpha, smoothSeries, wilderAlpha } from '../kernels/seeded-smoother.ts';
import { windowHighLow } from '../kernels/window-extrema.ts';
import { rollingStd } from '../kernels/rolling-std.ts';
import { rollingMean } from '../kernels/rolling-mean.ts';

const BB_PERIOD = 20;
const ATR_PERIOD = 14;
const STOCH_PERIOD = 14;
const CCI_PERIOD = 20;
const ADX_PERIOD = 14;

/** Bollinger, MACD, ATR, Williams %R, stochastics, CCI, ADX. Needs ema_12 / ema_26. */
export function computeTechnicalGroup(ctx: EngineContext): void {
  const { length, resumeAt, high, low, close, columns: c, state } = ctx;
  const { atr, atr_normalized, bb_lower, bb_middle, bb_position, bb_squeeze, bb_upper, ema_12, ema_26, macd, macd_histogram, macd_normalized, macd_signal, stoch_k, williams_r } = c;

  // Bollinger Bands: SMA(close, 20) ± 2·PSD(close, 20).
  const [psd, trueRange, highest, lowest, typicalPrice] = ctx.scratch as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  rollingMean(close, BB_PERIOD, c.bb_middle);
  rollingStd(close, BB_PERIOD, 0, psd);
  for (let i = 0; i < length; i++) {
    const middle = bb_middle[i]!;
    const upper = middle + 2 * psd[i]!;
    const lower = middle - 2 * psd[i]!;
    bb_upper[i] = upper;
    bb_lower[i] = lower;
    bb_position[i] = ratio(close[i]! - lower, upper - lower);
    bb_squeeze[i] = ratio(upper - lower, middle);
  }

  // MACD: EMA12 − EMA26 (defined from index 25), signal = EMA(macd, 9) seeded on the first 9 macd values.
  for (let i = 0; i < length; i++) macd[i] = ema_12[i]! - ema_26[i]!;
  c.macd_signal.fill(NaN, 0, resumeAt);
  smoothSeries(c.macd, resumeAt, length, 9, emaAlpha(9), state.smoothers.macd_signal, c.macd_signal);
  for (let i = 0; i < length; i++) {
    macd_histogram[i] = macd[i]! - macd_signal[i]!;
    macd_normalized[i] = ratio(macd[i]!, close[i]!);
  }

  // ATR = RMA(TR, 14) with TR_0 = high_0 − low_0, first value at index 13.
  trueRange[0] = high[0]! - low[0]!;
  for (let i = 1; i < length; i++) {
    const previousClose = close[i - 1]!;
    trueRange[i] = Math.max(high[i]!, previousClose) - Math.min(low[i]!, previousClose);
  }
  c.atr.fill(NaN, 0, resumeAt);
  smoothSeries(trueRange, resumeAt, length, ATR_PERIOD, wilderAlpha(ATR_PERIOD), state.smoothers.atr, c.atr);
  for (let i = 0; i < length; i++) atr_normalized[i] = ratio(atr[i]!, close[i]!);

  // Williams %R and stochastics over HH(14) / LL(14); a flat window (HH = LL) is NULL.
  windowHighLow(high, low, STOCH_PERIOD, highest, lowest);
  for (let i = 0; i < length; i++) {
    const range = highest[i]! - lowest[i]!;
    williams_r[i] = -100 * ratio(highest[i]! - close[i]!, range);
    stoch_k[i] = 100 * ratio(close[i]! - lowest[i]!, range);
  }
  rollingMean(c.stoch_k, 3, c.stoch_d);

  computeCci(high, low, close, typicalPrice, c.cci);
  computeAdx(ctx);
}

/**
 * CCI(20) with the mean absolute deviation recomputed per window (it has no O(1) update);
 * all-equal TP window → NULL.
 */
function computeCci(high: Float64Array, low: Float64Array, close: Float64Array, tp: Float64Array, out: Float64Array): void {
  const n = close.length;
  const w = CCI_PERIOD;
  // Index of the last bar whose TP differs from its predecessor's: a window [start, i] is
  // all-equal exactly when that index is ≤ start (O(1) instead of a comparison per element).
  let lastChange = 0;
  // TP − SMA(TP) is a small difference of large numbers at price level 1e5, so the window sum
  // must be close to correctly rounded: a running sum with Neumaier's compensation (as in
  // rollingMean) keeps it within a few ulps of the exact sum on every window, in O(1) per bar.
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < n; i++) {
    const value = (high[i]! + low[i]! + close[i]!) / 3;
    tp[i] = value;
    if (i > 0 && value !== tp[i - 1]) lastChange = i;
    let t = sum + value;
    compensation += Math.abs(sum) >= value ? sum - t + value : value - t + sum;
    sum = t;
    if (i >= w) {
      const old = -tp[i - w]!;
      t = sum + old;
      compensation += Math.abs(sum) >= -old ? sum - t + old : old - t + sum;
      sum = t;
    }
    const windowSum = sum + compensation;
    if (i < w - 1) {
      out[i] = NaN;
      continue;
    }
    const start = i - w + 1;
    if (lastChange <= start) {
      out[i] = NaN;
      continue;
    }
    const mean = windowSum / w;
    // Two partial sums halve the dependency chain of the only O(w) work left; the terms are
    // non-negative, so the split costs no accuracy.
    let deviationEven = 0;
    let deviationOdd = 0;
    let j = start;
    for (; j < i; j += 2) {
      deviationEven += Math.abs(tp[j]! - mean);
      deviationOdd += Math.abs(tp[j + 1]! - mean);
    }
    if (j === i) deviationEven += Math.abs(tp[i]! - mean);
    const deviation = deviationEven + deviationOdd;
    out[i] = ratio(tp[i]! - mean, 0.015 * (deviation / w));
  }
}

/**
 * Wilder ADX(14). +DM/−DM from bar 1 on (Wilder's rule: a move counts only when it is positive
 * and larger than the opposite move; equal moves count for neither). Their RMA(14) is first
 * defined at index 14, DX from index 14, ADX = RMA(DX, 14) from index 27. DX is NULL when
 * +DI + −DI = 0 or atr = 0 (a flat start); the ADX smoother skips such bars.
 */
function computeAdx(ctx: EngineContext): void {
  const { length, resumeAt, high, low, columns: c, state } = ctx;
  const atr = c.atr;
  const [plusDm, minusDm, smoothedPlus, smoothedMinus, dx] = ctx.scratch.slice(5, 10) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  plusDm[0] = NaN;
  minusDm[0] = NaN;
  for (let i = 1; i < length; i++) {
    const up = high[i]! - high[i - 1]!;
    const down = low[i - 1]! - low[i]!;
    plusDm[i] = up > down && up > 0 ? up : 0;
    minusDm[i] = down > up && down > 0 ? down : 0;
  }
  const alpha = wilderAlpha(ADX_PERIOD);
  smoothSeries(plusDm, resumeAt, length, ADX_PERIOD, alpha, state.smoothers.plus_dm, smoothedPlus);
  smoothSeries(minusDm, resumeAt, length, ADX_PERIOD, alpha, state.smoothers.minus_dm, smoothedMinus);
  dx.fill(NaN);
  for (let i = resumeAt; i < length; i++) {
    const trueRangeAverage = atr[i]!;
    const plusDi = 100 * ratio(smoothedPlus[i]!, trueRangeAverage);
    const minusDi = 100 * ratio(smoothedMinus[i]!, trueRangeAverage);
    dx[i] = 100 * ratio(Math.abs(plusDi - minusDi), plusDi + minusDi);
  }
  c.adx.fill(NaN, 0, resumeAt);
  smoothSeries(dx, resumeAt, length, ADX_PERIOD, alpha, state.smoothers.adx, c.adx);
}
