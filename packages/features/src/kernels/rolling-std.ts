// Standard deviation over a sliding window in O(1) amortised per bar.
//
// Σx² − (Σx)²/n cancels catastrophically at price-like levels (1e5 ± 1), so the sums are taken of
// x − shift, where `shift` is the mean of the window recomputed every `window` bars (O(w) work
// every w bars). Between rebases the shifted sums are updated with Neumaier compensation.
// That is accurate while the window's mean stays near the shift. When a calm stretch follows a
// volatile one, the new values can sit far from the shift compared with their spread, and
// Σd² − (Σd)²/n loses every digit (it measured 0 for a window of spread 1e-8 at 1e5 after ±1e3
// moves, where FEATURES.md asks for 1e-9 relative). The cancellation is visible in the sums
// themselves: the result keeps ≈ log10(numerator / Σd²) fewer digits than Σd² has. Below
// CANCELLATION_GUARD the window is rebased at once on its own mean, which restores full accuracy
// for it and the windows after it; ordinary data never gets there (the mean would have to move
// by ~1000 SDs within one window), so the hot path pays one multiply and compare.
// A window whose values are all equal has exactly zero deviation; that is detected by counting
// unequal neighbours, so later divisions by this SD see an exact 0 and become NULL, not 1e16.

/** Σd² keeps ~16 digits; at numerator/Σd² ≥ 1e-6 the variance keeps ≥ 9.5 (SD error ≤ ~3e-10). */
const CANCELLATION_GUARD = 1e-6;

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
      const start = i - window + 1;
      const first = x[start]!;
      let offsets = 0;
      for (let j = start; j <= i; j++) offsets += x[j]! - first;
      shift = first + offsets / window;
      s1 = 0;
      c1 = 0;
      s2 = 0;
      c2 = 0;
      for (let j = start; j <= i; j++) {
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
    let sum1 = s1 + c1;
    let numerator = s2 + c2 - (sum1 * sum1) / window;
    if (!(numerator > CANCELLATION_GUARD * (s2 + c2))) {
      sinceRebase = 0;
      rebase(x, i - window + 1, i);
      shift = rebased[0]!;
      s1 = rebased[1]!;
      c1 = rebased[2]!;
      s2 = rebased[3]!;
      c2 = rebased[4]!;
      sum1 = s1 + c1;
      numerator = s2 + c2 - (sum1 * sum1) / window;
    }
    out[i] = numerator > 0 ? Math.sqrt(numerator / divisor) : 0;
  }
}

/** shift, s1, c1, s2, c2 of the last `rebase` call (one buffer: the kernel is not re-entered). */
const rebased = new Float64Array(5);

/**
 * Shifted sums of x[start..end] from scratch, shifted by the window's mean. The mean is taken as
 * first + Σ(x − first)/n: offsets from a window value carry no rounding of the level itself, so the
 * shift is within an ulp or so of the exact mean even for values a few ulps apart.
 */
function rebase(x: Float64Array, start: number, end: number): void {
  const first = x[start]!;
  let offsets = 0;
  for (let j = start; j <= end; j++) offsets += x[j]! - first;
  const shift = first + offsets / (end - start + 1);
  let s1 = 0;
  let c1 = 0;
  let s2 = 0;
  let c2 = 0;
  for (let j = start; j <= end; j++) {
    const d = x[j]! - shift;
    const t1 = s1 + d;
    c1 += twoSumError(s1, d, t1);
    s1 = t1;
    const dd = d * d;
    const t2 = s2 + dd;
    c2 += s2 >= dd ? s2 - t2 + dd : dd - t2 + s2;
    s2 = t2;
  }
  rebased[0] = shift;
  rebased[1] = s1;
  rebased[2] = c1;
  rebased[3] = s2;
  rebased[4] = c2;
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
