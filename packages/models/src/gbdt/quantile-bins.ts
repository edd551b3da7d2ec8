// Quantile binning, the first step of histogram GBDT (LightGBM, XGBoost `hist`): each feature's
// training values are cut into at most `maxBins` bins of roughly equal row counts, and every row is
// replaced by its bin index (one byte). Split search then scans bins instead of sorted values.
// Edges come from the training rows only; validation and prediction rows never shape them.

import { separatingThreshold } from './float32-threshold.ts';
import { radixSortFloat64 } from './radix-sort.ts';

/** Bin edges of one feature: value x falls into bin j = number of edges below x (x <= edges[j]). */
export interface FeatureBins {
  /** Strictly increasing float32-representable upper edges; length = bin count − 1. */
  readonly edges: Float64Array;
}

/**
 * Edges come from at most this many rows, evenly spaced over the column (all rows below it), as
 * LightGBM's bin_construct_sample_cnt: sorting is the costly step, and 50,000 values fix 255
 * quantiles well (≈ 200 values per bin). Evenly spaced rows cover a time-ordered column's whole span.
 */
export const BIN_SAMPLE_ROWS = 50_000;

function binSample(column: Float64Array): Float64Array {
  const n = column.length;
  if (n <= BIN_SAMPLE_ROWS) return Float64Array.from(column);
  const sample = new Float64Array(BIN_SAMPLE_ROWS);
  for (let i = 0; i < BIN_SAMPLE_ROWS; i++) sample[i] = column[Math.floor((i * n) / BIN_SAMPLE_ROWS)]!;
  return sample;
}

/**
 * Edges for one column (from its bin sample). With at most maxBins distinct values each gets its own bin. Otherwise distinct values are walked in order and a bin is closed once it holds its
 * share of the rows still to place; the share is recomputed after each close so one heavy value
 * (e.g. many zeros) does not waste the bins after it.
 */
export function quantileEdges(column: Float64Array, maxBins: number): FeatureBins {
  const sorted = radixSortFloat64(binSample(column));
  const n = sorted.length;
  const edges: number[] = [];
  let distinct = n > 0 ? 1 : 0;
  for (let k = 1; k < n; k++) if (sorted[k] !== sorted[k - 1]) distinct++;
  // Few distinct values (flags, small integers): every value gets its own bin.
  const quantiles = distinct > maxBins;
  let binsLeft = maxBins;
  let target = quantiles ? n / binsLeft : 0;
  let inBin = 0;
  let i = 0;
  while (i < n) {
    const value = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === value) j++;
    inBin += j - i;
    i = j;
    if (i < n && binsLeft > 1 && inBin >= target) {
      const threshold = separatingThreshold(value, sorted[i]!);
      if (threshold !== null) {
        edges.push(threshold);
        binsLeft--;
        inBin = 0;
        if (quantiles) target = (n - i) / binsLeft;
      }
    }
  }
  return { edges: Float64Array.from(edges) };
}

/** The bin of value x: the first j with x <= edges[j], else edges.length. */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Bin indices of a whole column (one byte per row; maxBins is at most 256). The same search as
 * binOf, unrolled over 255 edges padded with +∞ and written without branches: a data-dependent
 * branch per step mispredicts half the time, which made this five times slower.
 */
export function binColumn(column: Float64Array, edges: Float64Array): Uint8Array {
  const e = new Float64Array(256).fill(Infinity);
  e.set(edges);
  const out = new Uint8Array(column.length);
  for (let r = 0; r < column.length; r++) {
    const x = column[r]!;
    let b = +(x > e[127]!) << 7;
    b += +(x > e[b + 63]!) << 6;
    b += +(x > e[b + 31]!) << 5;
    b += +(x > e[b + 15]!) << 4;
    b += +(x > e[b + 7]!) << 3;
    b += +(x > e[b + 3]!) << 2;
    b += +(x > e[b + 1]!) << 1;
    b += +(x > e[b]!);
    out[r] = b;
  }
  return out;
}
