// Standard deviation over a large sliding window (120 bars) in O(1) amortised per bar.
//
// Σx² − (Σx)²/n cancels catastrophically at price-like levels (1e5 ± 1), so the sums are taken of
// x − shift, where `shift` is the exact mean of the window recomputed every `window` bars (O(w)
// work every w bars). Between rebases the shifted sums are updated with Neumaier compensation.
// A window whose values are all equal has exactly zero deviation; that is detected by counting
// unequal neighbours, so later divisions by this SD see an exact 0 and become NULL, not 1e16.
export function rollingStd(x: Float64Array, window: number, ddof: 0 | 1, out: Float64Array): void {
  const n = x.length;
  let shift = NaN;
  let s1 = 0;
  let c1 = 0;
  let s2 = 0;
  let c2 = 0;
  let missing = 0;
  let changes = 0;
  let sinceRebase = window;
  const divisor = window - ddof;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v === v) {
      if (shift !== shift) shift = v;
      const d = v - shift;
      let t = s1 + d;
      c1 += twoSumError(s1, d, t);
      s1 = t;
      const dd = d * d;
      t = s2 + dd;
      c2 += s2 >= dd ? s2 - t + dd : dd - t + s2;
      s2 = t;
    } else {
      missing++;
    }
    if (i >= 1 && x[i] !== x[i - 1]) changes++;
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        const d = shift - old;
        let t = s1 + d;
        c1 += twoSumError(s1, d, t);
        s1 = t;
        const dd = -(d * d);
        t = s2 + dd;
        c2 += Math.abs(s2) >= -dd ? s2 - t + dd : dd - t + s2;
        s2 = t;
      } else {
        missing--;
      }
      if (x[i - window + 1] !== old) changes--;
    }
    if (i < window - 1 || missing > 0) {
      out[i] = NaN;
      continue;
    }
    if (++sinceRebase >= window) {
      sinceRebase = 0;
      let sum = 0;
      for (let j = i - window + 1; j <= i; j++) sum += x[j]!;
      shift = sum / window;
      s1 = 0;
      c1 = 0;
      s2 = 0;
      c2 = 0;
      for (let j = i - window + 1; j <= i; j++) {
        const d = x[j]! - shift;
        let t = s1 + d;
        c1 += Math.abs(s1) >= Math.abs(d) ? s1 - t + d : d - t + s1;
        s1 = t;
        const dd = d * d;
        t = s2 + dd;
        c2 += s2 >= dd ? s2 - t + dd : dd - t + s2;
        s2 = t;
      }
    }
    if (changes === 0) {
      out[i] = 0;
      continue;
    }
    const sum1 = s1 + c1;
    const variance = (s2 + c2 - (sum1 * sum1) / window) / divisor;
    out[i] = variance > 0 ? Math.sqrt(variance) : 0;
  }
}

/**
 * The exact rounding error of t = a + b (Knuth's TwoSum). Same value as Neumaier's
 * |a| ≥ |b| ? (a − t) + b : (b − t) + a, without the branch: the shifted sum s1 hovers around 0,
 * so that comparison was a coin flip the CPU mispredicted on about every other bar.
 */
function twoSumError(a: number, b: number, t: number): number {
  const bPart = t - a;
  return a - (t - bPart) + (b - bPart);
}
