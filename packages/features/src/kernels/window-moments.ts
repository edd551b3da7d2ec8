// Window statistics recomputed directly on every bar, for the small windows (≤ 24 bars) where that
// costs less than keeping running power sums stable: two passes (mean, then centred powers) are
// accurate to a few ulps, and an all-equal window is recognised exactly (its SD is 0 and its skew
// and kurtosis, whose denominators are powers of that SD, are NULL).

/** Mean and standard deviation (divisor `window - ddof`) of each full window. */
export function windowMeanStd(
  x: Float64Array,
  window: number,
  ddof: 0 | 1,
  outMean: Float64Array | null,
  outStd: Float64Array,
): void {
  const n = x.length;
  const divisor = window - ddof;
  for (let i = 0; i < n; i++) {
    if (i < window - 1) {
      if (outMean) outMean[i] = NaN;
      outStd[i] = NaN;
      continue;
    }
    const start = i - window + 1;
    const first = x[start]!;
    // Offsets from the window's first value: their sum carries no rounding of the level itself.
    let sum = 0;
    let allEqual = true;
    for (let j = start; j <= i; j++) {
      const v = x[j]!;
      sum += v - first;
      if (v !== first) allEqual = false;
    }
    if (sum !== sum) {
      if (outMean) outMean[i] = NaN;
      outStd[i] = NaN;
      continue;
    }
    if (allEqual) {
      if (outMean) outMean[i] = first;
      outStd[i] = 0;
      continue;
    }
    const mean = first + sum / window;
    let m2 = 0;
    for (let j = start; j <= i; j++) {
      const d = x[j]! - mean;
      m2 += d * d;
    }
    if (outMean) outMean[i] = mean;
    outStd[i] = Math.sqrt(m2 / divisor);
  }
}

/**
 * Mean, sample SD, and the pandas `rolling().skew()` / `.kurt()` estimators of each full window:
 * skew = √(n(n−1))/(n−2) · m3/m2^1.5 and kurt = ((n²−1)·m4/m2² − 3(n−1)²)/((n−2)(n−3)),
 * with m_k the population central moments of the window.
 */
export function windowMoments(
  x: Float64Array,
  window: number,
  outMean: Float64Array,
  outStd: Float64Array,
  outSkew: Float64Array,
  outKurt: Float64Array,
): void {
  const n = x.length;
  const w = window;
  const skewFactor = Math.sqrt(w * (w - 1)) / (w - 2);
  const kurtDenominator = (w - 2) * (w - 3);
  for (let i = 0; i < n; i++) {
    if (i < w - 1) {
      outMean[i] = NaN;
      outStd[i] = NaN;
      outSkew[i] = NaN;
      outKurt[i] = NaN;
      continue;
    }
    const start = i - w + 1;
    const first = x[start]!;
    // Offsets from the window's first value: their sum carries no rounding of the level itself.
    let sum = 0;
    let allEqual = true;
    for (let j = start; j <= i; j++) {
      const v = x[j]!;
      sum += v - first;
      if (v !== first) allEqual = false;
    }
    if (sum !== sum) {
      outMean[i] = NaN;
      outStd[i] = NaN;
      outSkew[i] = NaN;
      outKurt[i] = NaN;
      continue;
    }
    if (allEqual) {
      outMean[i] = first;
      outStd[i] = 0;
      outSkew[i] = NaN;
      outKurt[i] = NaN;
      continue;
    }
    const mean = first + sum / w;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let j = start; j <= i; j++) {
      const d = x[j]! - mean;
      const d2 = d * d;
      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
    }
    const m2 = s2 / w;
    outMean[i] = mean;
    outStd[i] = Math.sqrt(s2 / (w - 1));
    outSkew[i] = w >= 3 ? (skewFactor * (s3 / w)) / (m2 * Math.sqrt(m2)) : NaN;
    outKurt[i] = w >= 4 ? ((w * w - 1) * (s4 / w / (m2 * m2)) - 3 * (w - 1) * (w - 1)) / kurtDenominator : NaN;
  }
}
