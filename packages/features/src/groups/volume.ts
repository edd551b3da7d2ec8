import type { EngineContext } from '../engine/engine-context.ts';
import { toNumberArray, VPT_TAIL } from '../engine/engine-state.ts';
import { rollingMean } from '../kernels/rolling-mean.ts';
import { ratio } from '../kernels/safe-math.ts';

const MFI_PERIOD = 14;

/** volume_ma, volume_ratio, log_volume, vpt (+ma, normalized), obv, mfi. Needs `returns`. */
export function computeVolumeGroup(ctx: EngineContext): void {
  const { length, resumeAt, high, low, close, volume, columns: c, state } = ctx;
  const { log_volume, returns, volume_ma, volume_ratio, vpt_ma, vpt_normalized } = c;
  const vptColumn = c.vpt;
  const obvColumn = c.obv;
  rollingMean(volume, 120, c.volume_ma);
  for (let i = 0; i < length; i++) {
    volume_ratio[i] = ratio(volume[i]!, volume_ma[i]!);
    log_volume[i] = Math.log1p(volume[i]!);
  }

  // Cumulative series restart from the saved last value; the tail's values come from the state
  // because they depend on the whole history, not just on the bars in the tail.
  c.vpt.fill(NaN, 0, resumeAt);
  c.obv.fill(NaN, 0, resumeAt);
  const saved = state.vptTail;
  for (let k = 0; k < saved.length; k++) vptColumn[resumeAt - saved.length + k] = saved[k]!;
  let vpt = state.vpt;
  let obv = state.obv;
  for (let i = resumeAt; i < length; i++) {
    if (i === 0) {
      vpt = 0;
      obv = 0;
    } else {
      vpt = vpt + volume[i]! * returns[i]!;
      obv = obv + Math.sign(close[i]! - close[i - 1]!) * volume[i]!;
    }
    vptColumn[i] = vpt;
    obvColumn[i] = obv;
  }
  state.vpt = vpt;
  state.obv = obv;
  state.vptTail = toNumberArray(c.vpt, Math.max(0, length - VPT_TAIL), length);

  rollingMean(c.vpt, 24, c.vpt_ma);
  for (let i = 0; i < length; i++) vpt_normalized[i] = ratio(vptColumn[i]!, vpt_ma[i]!);

  computeMfi(high, low, close, volume, ctx.scratch[0]!, ctx.scratch[1]!, c.mfi);
}

/** Money Flow Index(14): first value at index 14 (14 typical-price changes). */
function computeMfi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  positive: Float64Array,
  negative: Float64Array,
  out: Float64Array,
): void {
  const n = close.length;
  let previousTp = NaN;
  for (let i = 0; i < n; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const flow = tp * volume[i]!;
    positive[i] = tp > previousTp ? flow : 0;
    negative[i] = tp < previousTp ? flow : 0;
    previousTp = tp;
  }
  // Window sums of the flows in O(1) per bar: running sums with Neumaier's compensation (flows are
  // non-negative, so they stay within a few ulps of the exact sums), and a count of the bars with a
  // falling TP in the window, so "no negative flow" is recognised exactly, not as a tiny residue.
  let pos = 0;
  let posCompensation = 0;
  let neg = 0;
  let negCompensation = 0;
  let falling = 0;
  for (let i = 0; i < n; i++) {
    const p = positive[i]!;
    const q = negative[i]!;
    let t = pos + p;
    posCompensation += pos >= p ? pos - t + p : p - t + pos;
    pos = t;
    t = neg + q;
    negCompensation += neg >= q ? neg - t + q : q - t + neg;
    neg = t;
    if (q !== 0) falling++;
    if (i >= MFI_PERIOD) {
      const oldP = -positive[i - MFI_PERIOD]!;
      const oldQ = -negative[i - MFI_PERIOD]!;
      t = pos + oldP;
      posCompensation += pos >= -oldP ? pos - t + oldP : oldP - t + pos;
      pos = t;
      t = neg + oldQ;
      negCompensation += neg >= -oldQ ? neg - t + oldQ : oldQ - t + neg;
      neg = t;
      if (oldQ !== 0) falling--;
    }
    if (i < MFI_PERIOD) {
      out[i] = NaN;
      continue;
    }
    out[i] = falling === 0 ? 100 : 100 - 100 / (1 + (pos + posCompensation) / (neg + negCompensation));
  }
}
