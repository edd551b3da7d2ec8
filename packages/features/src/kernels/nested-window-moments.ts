// Mean, sample SD, skewness and kurtosis over three nested trailing windows (6, 12, 24 bars of
// returns) in one pass per bar. Each window is recomputed from its own values (mean, then centred
// powers; no running sums, so nothing drifts and an incremental run gives the same bits as a full
// one), arranged so the windows share the work:
//  - the three means come from one backward sum over the longest window, read off at each length;
//  - the centred powers are accumulated segment by segment (the newest `short` values feed all
//    three windows, the next ones two, the oldest only the long one), which gives the CPU three
//    independent dependency chains instead of three loops of one chain each;
//  - NULLs (NaN) and all-equal windows are recognised in O(1) from the index of the last NaN and
//    of the last change between neighbours, instead of a comparison per element.

/** Output columns of one window. */
export interface MomentColumns {
  readonly window: number;
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly skew: Float64Array;
  readonly kurt: Float64Array;
}

/**
 * Per-window constants of the estimators, computed once per call. Divisions by them become
 * multiplications by reciprocals (≤ 1 ulp apart): the divider was the bottleneck of this kernel
 * (8 divisions or square roots per window and bar, now 6).
 */
interface WindowConstants {
  readonly w: number;
  readonly inverseW: number;
  readonly inverseSampleDivisor: number;
  readonly skewFactor: number;
  readonly kurtScale: number;
  readonly kurtShift: number;
  readonly inverseKurtDivisor: number;
}

function constantsOf(w: number): WindowConstants {
  return {
    w,
    inverseW: 1 / w,
    inverseSampleDivisor: 1 / (w - 1),
    skewFactor: Math.sqrt(w * (w - 1)) / (w - 2),
    kurtScale: w * w - 1,
    kurtShift: 3 * (w - 1) * (w - 1),
    inverseKurtDivisor: 1 / ((w - 2) * (w - 3)),
  };
}

/**
 * pandas rolling().skew() / .kurt() from the centred power sums s2, s3, s4 of a w-bar window:
 * skew = √(w(w−1))/(w−2) · m3/m2^1.5, kurt = ((w²−1)·m4/m2² − 3(w−1)²)/((w−2)(w−3)).
 */
function writeMoments(out: MomentColumns, k: WindowConstants, i: number, mean: number, s2: number, s3: number, s4: number): void {
  // m2 and m4/m2² feed the kurtosis difference, which cancels when the excess kurtosis is near
  // 0: those keep exact divisions so its relative error stays what the formula allows.
  const m2 = s2 / k.w;
  out.mean[i] = mean;
  out.std[i] = Math.sqrt(s2 * k.inverseSampleDivisor);
  out.skew[i] = (k.skewFactor * (s3 * k.inverseW)) / (m2 * Math.sqrt(m2));
  out.kurt[i] = (k.kurtScale * (s4 / k.w / (m2 * m2)) - k.kurtShift) * k.inverseKurtDivisor;
}

function writeNull(out: MomentColumns, i: number): void {
  out.mean[i] = NaN;
  out.std[i] = NaN;
  out.skew[i] = NaN;
  out.kurt[i] = NaN;
}

/** A window of equal values: SD exactly 0, skew and kurtosis (denominators powers of SD) NULL. */
function writeConstant(out: MomentColumns, i: number, value: number): void {
  out.mean[i] = value;
  out.std[i] = 0;
  out.skew[i] = NaN;
  out.kurt[i] = NaN;
}

/** `short.window < mid.window < long.window`, each ≥ 4 (kurtosis needs 4 values). */
export function nestedWindowMoments(x: Float64Array, short: MomentColumns, mid: MomentColumns, long: MomentColumns): void {
  const n = x.length;
  const ws = short.window;
  const wm = mid.window;
  const wl = long.window;
  if (!(4 <= ws && ws < wm && wm < wl)) throw new RangeError(`windows must satisfy 4 ≤ short < mid < long, got ${ws}, ${wm}, ${wl}`);
  const ks = constantsOf(ws);
  const km = constantsOf(wm);
  const kl = constantsOf(wl);
  let lastNaN = -1;
  let lastChange = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (xi !== xi) lastNaN = i;
    if (i > 0 && xi !== x[i - 1]) lastChange = i;
    // A window [start, i] is usable when full and NaN-free; constant when no change after start.
    const shortOk = i >= ws - 1 && lastNaN < i - ws + 1;
    const midOk = i >= wm - 1 && lastNaN < i - wm + 1;
    const longOk = i >= wl - 1 && lastNaN < i - wl + 1;
    const shortVaries = shortOk && lastChange > i - ws + 1;
    const midVaries = midOk && lastChange > i - wm + 1;
    const longVaries = longOk && lastChange > i - wl + 1;
    if (!shortOk) writeNull(short, i);
    else if (!shortVaries) writeConstant(short, i, xi);
    if (!midOk) writeNull(mid, i);
    else if (!midVaries) writeConstant(mid, i, xi);
    if (!longOk) writeNull(long, i);
    else if (!longVaries) writeConstant(long, i, xi);
    if (!shortVaries && !midVaries && !longVaries) continue;

    // Means: one backward sum, read at each window length. The windows are NaN-free (checked).
    const top = Math.min(i + 1, longVaries ? wl : midVaries ? wm : ws);
    let sum = 0;
    let sumShort = 0;
    let sumMid = 0;
    for (let k = 0; k < top; k++) {
      sum += x[i - k]!;
      if (k === ws - 1) sumShort = sum;
      else if (k === wm - 1) sumMid = sum;
    }
    const meanShort = sumShort / ws;
    const meanMid = sumMid / wm;
    const meanLong = sum / wl;

    // Centred power sums, newest values first.
    let s2s = 0, s3s = 0, s4s = 0, s2m = 0, s3m = 0, s4m = 0, s2l = 0, s3l = 0, s4l = 0;
    for (let j = i - ws + 1; j <= i; j++) {
      const v = x[j]!;
      const ds = v - meanShort;
      const dm = v - meanMid;
      const dl = v - meanLong;
      const ds2 = ds * ds;
      const dm2 = dm * dm;
      const dl2 = dl * dl;
      s2s += ds2; s3s += ds2 * ds; s4s += ds2 * ds2;
      s2m += dm2; s3m += dm2 * dm; s4m += dm2 * dm2;
      s2l += dl2; s3l += dl2 * dl; s4l += dl2 * dl2;
    }
    if (midVaries || longVaries) {
      for (let j = i - wm + 1; j <= i - ws; j++) {
        const v = x[j]!;
        const dm = v - meanMid;
        const dl = v - meanLong;
        const dm2 = dm * dm;
        const dl2 = dl * dl;
        s2m += dm2; s3m += dm2 * dm; s4m += dm2 * dm2;
        s2l += dl2; s3l += dl2 * dl; s4l += dl2 * dl2;
      }
    }
    if (longVaries) {
      for (let j = i - wl + 1; j <= i - wm; j++) {
        const dl = x[j]! - meanLong;
        const dl2 = dl * dl;
        s2l += dl2; s3l += dl2 * dl; s4l += dl2 * dl2;
      }
    }
    if (shortVaries) writeMoments(short, ks, i, meanShort, s2s, s3s, s4s);
    if (midVaries) writeMoments(mid, km, i, meanMid, s2m, s3m, s4m);
    if (longVaries) writeMoments(long, kl, i, meanLong, s2l, s3l, s4l);
  }
}
