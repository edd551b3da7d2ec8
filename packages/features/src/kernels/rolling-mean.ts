// SMA over a sliding window in O(1) per bar. A plain running sum drifts: every add/subtract rounds,
// and after thousands of bars the error exceeds 1e-9 relative when the window sum is small compared
// with the values that passed through it (vpt crossing zero, returns). Neumaier's compensated
// summation carries the rounding error of each step in `comp`, which keeps the window sum accurate
// to a few ulps of the largest value on every window. A window containing NaN (NULL) yields NaN.
export function rollingMean(x: Float64Array, window: number, out: Float64Array): void {
  const n = x.length;
  let sum = 0;
  let comp = 0;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v === v) {
      const t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    } else {
      missing++;
    }
    if (i >= window) {
      const old = x[i - window]!;
      if (old === old) {
        const u = -old;
        const t = sum + u;
        comp += Math.abs(sum) >= Math.abs(u) ? sum - t + u : u - t + sum;
        sum = t;
      } else {
        missing--;
      }
    }
    out[i] = i >= window - 1 && missing === 0 ? (sum + comp) / window : NaN;
  }
}
