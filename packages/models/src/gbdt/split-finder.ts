// Best split of one node from its histogram: for each feature, bins are scanned left to right and
// "bins 0..b go left" is scored with XGBoost's structure score
//   gain = ½ [G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)]
// (the loss reduction of the Newton step with L2 penalty λ on the leaf weights). Ties keep the first
// feature and the lowest bin found, so the result does not depend on anything but the data.

import { HISTOGRAM_STRIDE, type HistogramLayout } from './histogram.ts';

export interface SplitLimits {
  readonly lambda: number;
  readonly minChildWeight: number;
  readonly minSamplesLeaf: number;
  readonly minSplitGain: number;
}

/** The winner of a split search (mutated in place so no object is allocated per node). */
export interface SplitChoice {
  gain: number;
  feature: number;
  bin: number;
  leftGradient: number;
  leftHessian: number;
  leftCount: number;
}

export function emptySplit(): SplitChoice {
  return { gain: -Infinity, feature: -1, bin: -1, leftGradient: 0, leftHessian: 0, leftCount: 0 };
}

/**
 * Writes the best split of a node with totals (gradient, hessian, count) into `out`; returns false
 * (and leaves out.gain = −∞) when no split satisfies the limits and gains more than minSplitGain.
 */
export function findBestSplit(
  histogram: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
  featureCount: number,
  gradient: number,
  hessian: number,
  count: number,
  limits: SplitLimits,
  out: SplitChoice,
): boolean {
  const { lambda, minChildWeight, minSamplesLeaf, minSplitGain } = limits;
  const parentScore = (gradient * gradient) / (hessian + lambda);
  out.gain = -Infinity;
  out.feature = -1;
  out.bin = -1;
  for (let k = 0; k < featureCount; k++) {
    const f = features[k]!;
    const offset = layout.offsets[f]!;
    const lastBin = layout.binCounts[f]! - 1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    // The last bin cannot be a split point: everything would go left.
    for (let b = 0; b < lastBin; b++) {
      const s = offset + b * HISTOGRAM_STRIDE;
      gl += histogram[s]!;
      hl += histogram[s + 1]!;
      cl += histogram[s + 2]!;
      if (cl < minSamplesLeaf || hl < minChildWeight) continue;
      const cr = count - cl;
      if (cr < minSamplesLeaf) break; // cr only shrinks from here
      const hr = hessian - hl;
      if (hr < minChildWeight) continue;
      const gr = gradient - gl;
      const gain = 0.5 * ((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore);
      if (gain > out.gain) {
        out.gain = gain;
        out.feature = f;
        out.bin = b;
        out.leftGradient = gl;
        out.leftHessian = hl;
        out.leftCount = cl;
      }
    }
  }
  if (!(out.gain > minSplitGain) || out.gain <= 0) {
    out.gain = -Infinity;
    return false;
  }
  return true;
}
