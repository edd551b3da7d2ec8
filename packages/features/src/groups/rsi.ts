import type { EngineContext } from '../engine/engine-context.ts';
import type { SmootherName } from '../engine/engine-state.ts';
import { emaAlpha, wilderAlpha, type SmootherState } from '../kernels/seeded-smoother.ts';

type RsiFeature = 'rsi_14' | 'rsi_1d' | 'rsi_3d' | 'rsi_1w' | 'rsi_2w' | 'rsi_ema';

const RSI_VARIANTS: readonly { feature: RsiFeature; period: number; alpha: number; gain: SmootherName; loss: SmootherName }[] = [
  { feature: 'rsi_14', period: 14, alpha: wilderAlpha(14), gain: 'rsi_14_gain', loss: 'rsi_14_loss' },
  { feature: 'rsi_1d', period: 24, alpha: wilderAlpha(24), gain: 'rsi_1d_gain', loss: 'rsi_1d_loss' },
  { feature: 'rsi_3d', period: 72, alpha: wilderAlpha(72), gain: 'rsi_3d_gain', loss: 'rsi_3d_loss' },
  { feature: 'rsi_1w', period: 168, alpha: wilderAlpha(168), gain: 'rsi_1w_gain', loss: 'rsi_1w_loss' },
  { feature: 'rsi_2w', period: 336, alpha: wilderAlpha(336), gain: 'rsi_2w_gain', loss: 'rsi_2w_loss' },
  // Same seeding as rsi_14, but EMA smoothing (alpha = 2/15).
  { feature: 'rsi_ema', period: 14, alpha: emaAlpha(14), gain: 'rsi_ema_gain', loss: 'rsi_ema_loss' },
];

/** Wilder RSI for n = 14, 24, 72, 168, 336 and the EMA-smoothed rsi_ema. */
export function computeRsiGroup(ctx: EngineContext): void {
  const { length, resumeAt, close, columns: c, state } = ctx;
  const [gains, losses] = ctx.scratch as [Float64Array, Float64Array];
  closeChanges(close, gains, losses);
  for (const v of RSI_VARIANTS) {
    rsiSeries(gains, losses, resumeAt, length, v.period, v.alpha, state.smoothers[v.gain], state.smoothers[v.loss], c[v.feature]);
  }
}

/** Gains and losses of close-to-close changes; NaN at index 0 (no change yet). */
export function closeChanges(close: Float64Array, gains: Float64Array, losses: Float64Array): void {
  gains[0] = NaN;
  losses[0] = NaN;
  for (let i = 1; i < close.length; i++) {
    const change = close[i]! - close[i - 1]!;
    gains[i] = change > 0 ? change : 0;
    losses[i] = change < 0 ? -change : 0;
  }
}

/**
 * RSI from gains/losses smoothed with `alpha`, seeded by the SMA of the first `period` changes.
 * Both smoothers advance in one loop (the same recursion as `smoothSeries`, written out so the
 * averages stay in registers instead of going through two work arrays and a third pass).
 * A NaN change (index 0) is skipped and not counted, as `smoothSeries` does.
 */
export function rsiSeries(
  gains: Float64Array,
  losses: Float64Array,
  from: number,
  to: number,
  period: number,
  alpha: number,
  gainState: SmootherState,
  lossState: SmootherState,
  out: Float64Array,
): void {
  out.fill(NaN, 0, from);
  // Gains and losses come from the same changes: both are NaN or neither, so one count serves.
  let seen = gainState.seen;
  let gainSeed = gainState.seedSum;
  let lossSeed = lossState.seedSum;
  let avgGain = gainState.value;
  let avgLoss = lossState.value;
  const keep = 1 - alpha;
  for (let i = from; i < to; i++) {
    const g = gains[i]!;
    const l = losses[i]!;
    if (g !== g) {
      out[i] = NaN;
      continue;
    }
    if (seen < period) {
      gainSeed += g;
      lossSeed += l;
      seen++;
      if (seen === period) {
        avgGain = gainSeed / period;
        avgLoss = lossSeed / period;
      }
    } else {
      avgGain = alpha * g + keep * avgGain;
      avgLoss = alpha * l + keep * avgLoss;
      seen++;
    }
    out[i] = avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  }
  gainState.seen = seen;
  gainState.seedSum = gainSeed;
  gainState.value = avgGain;
  lossState.seen = seen;
  lossState.seedSum = lossSeed;
  lossState.value = avgLoss;
}
