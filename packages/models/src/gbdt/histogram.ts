// Gradient/hessian histograms: for every (feature, bin) the sums of gradient, hessian and row count
// over the rows of one node. Split search reads these instead of the rows. A child's histogram is
// either built from its rows or derived as parent − sibling ("histogram subtraction"), so each split
// builds only the smaller child and the larger one costs one pass over the bins.

/** Where each feature's bins sit in a histogram buffer: 3 slots (gradient, hessian, count) per bin. */
export interface HistogramLayout {
  /** Bin index column per feature (row r of feature f is binColumns[f][r]). */
  readonly binColumns: readonly Uint8Array[];
  /** Bins of each feature. */
  readonly binCounts: Int32Array;
  /** First slot of each feature's bins (already multiplied by HISTOGRAM_STRIDE). */
  readonly offsets: Int32Array;
  /** Slots in one histogram buffer. */
  readonly size: number;
}

export const HISTOGRAM_STRIDE = 3;

export function histogramLayout(binColumns: readonly Uint8Array[], binCounts: Int32Array): HistogramLayout {
  const offsets = new Int32Array(binColumns.length);
  let size = 0;
  for (let f = 0; f < binColumns.length; f++) {
    offsets[f] = size;
    size += binCounts[f]! * HISTOGRAM_STRIDE;
  }
  return { binColumns, binCounts, offsets, size };
}

/**
 * Fills the bins of the listed features from rows[start, end). `gradient`/`hessian` are ordered like
 * `rows` (position i belongs to row rows[i]), so they are read sequentially; only the one-byte bin
 * columns are gathered. Features are taken four at a time so the row, gradient and hessian streams
 * are read once per four columns instead of once per column.
 */
export function buildHistogram(
  histogram: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
  featureCount: number,
  rows: Int32Array,
  gradient: Float64Array,
  hessian: Float64Array,
  start: number,
  end: number,
): void {
  const { binColumns, binCounts, offsets } = layout;
  for (let k = 0; k < featureCount; k++) {
    const f = features[k]!;
    histogram.fill(0, offsets[f]!, offsets[f]! + binCounts[f]! * HISTOGRAM_STRIDE);
  }
  let k = 0;
  for (; k + 3 < featureCount; k += 4) {
    const f0 = features[k]!;
    const f1 = features[k + 1]!;
    const f2 = features[k + 2]!;
    const f3 = features[k + 3]!;
    const c0 = binColumns[f0]!;
    const c1 = binColumns[f1]!;
    const c2 = binColumns[f2]!;
    const c3 = binColumns[f3]!;
    const o0 = offsets[f0]!;
    const o1 = offsets[f1]!;
    const o2 = offsets[f2]!;
    const o3 = offsets[f3]!;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const g = gradient[i]!;
      const h = hessian[i]!;
      const s0 = o0 + c0[r]! * 3;
      histogram[s0]! += g;
      histogram[s0 + 1]! += h;
      histogram[s0 + 2]! += 1;
      const s1 = o1 + c1[r]! * 3;
      histogram[s1]! += g;
      histogram[s1 + 1]! += h;
      histogram[s1 + 2]! += 1;
      const s2 = o2 + c2[r]! * 3;
      histogram[s2]! += g;
      histogram[s2 + 1]! += h;
      histogram[s2 + 2]! += 1;
      const s3 = o3 + c3[r]! * 3;
      histogram[s3]! += g;
      histogram[s3 + 1]! += h;
      histogram[s3 + 2]! += 1;
    }
  }
  for (; k < featureCount; k++) {
    const f = features[k]!;
    const column = binColumns[f]!;
    const offset = offsets[f]!;
    for (let i = start; i < end; i++) {
      const s = offset + column[rows[i]!]! * 3;
      histogram[s]! += gradient[i]!;
      histogram[s + 1]! += hessian[i]!;
      histogram[s + 2]! += 1;
    }
  }
}

/** target ← target − other over the listed features (parent − built child = the other child). */
export function subtractHistogram(target: Float64Array, other: Float64Array, layout: HistogramLayout, features: Int32Array, featureCount: number): void {
  const { binCounts, offsets } = layout;
  for (let k = 0; k < featureCount; k++) {
    const f = features[k]!;
    const end = offsets[f]! + binCounts[f]! * HISTOGRAM_STRIDE;
    for (let s = offsets[f]!; s < end; s++) target[s]! -= other[s]!;
  }
}
