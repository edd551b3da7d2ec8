import type { EngineContext } from '../engine/engine-context.ts';
import { rollingMean } from '../kernels/rolling-mean.ts';
import { ratio } from '../kernels/safe-math.ts';
import { emaAlpha, smoothSeries } from '../kernels/seeded-smoother.ts';

/** price_ma_{short,med,long} (SMA 24/120/480), ema_12, ema_26 and the price/MA ratios. */
export function computeMovingAverageGroup(ctx: EngineContext): void {
  const { length, resumeAt, close, columns: c, state } = ctx;
  const { ma_med_to_long, ma_short_to_med, price_ma_long, price_ma_med, price_ma_short, price_to_ma_long, price_to_ma_med, price_to_ma_short } = c;
  rollingMean(close, 24, c.price_ma_short);
  rollingMean(close, 120, c.price_ma_med);
  rollingMean(close, 480, c.price_ma_long);
  c.ema_12.fill(NaN, 0, resumeAt);
  c.ema_26.fill(NaN, 0, resumeAt);
  smoothSeries(close, resumeAt, length, 12, emaAlpha(12), state.smoothers.ema_12, c.ema_12);
  smoothSeries(close, resumeAt, length, 26, emaAlpha(26), state.smoothers.ema_26, c.ema_26);
  for (let i = 0; i < length; i++) {
    const price = close[i]!;
    price_to_ma_short[i] = ratio(price, price_ma_short[i]!);
    price_to_ma_med[i] = ratio(price, price_ma_med[i]!);
    price_to_ma_long[i] = ratio(price, price_ma_long[i]!);
    ma_short_to_med[i] = ratio(price_ma_short[i]!, price_ma_med[i]!);
    ma_med_to_long[i] = ratio(price_ma_med[i]!, price_ma_long[i]!);
  }
}
