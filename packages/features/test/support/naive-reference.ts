// An independent, deliberately naive implementation of FEATURES.md for tests: every window is
// recomputed from its values on every bar (O(n·w)), sums are exact-rounded (Shewchuk's fsum, as
// Python's math.fsum), recursions are written exactly as the formulas read, and local time comes
// from Intl on every bar. It shares no code with src/ except the types.
import type { BarColumns, FeatureName } from '../../src/index.ts';

export type NaiveColumns = Record<FeatureName, (number | string | null)[]>;

/** Correctly rounded sum of doubles (Shewchuk's partials, as math.fsum). */
export function fsum(values: readonly number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let hi = 0;
  let lo = 0;
  let n = partials.length;
  if (n > 0) {
    hi = partials[--n]!;
    while (n > 0) {
      const x = hi;
      const y = partials[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

const isNum = (v: number | null): v is number => v !== null && Number.isFinite(v);
const div = (a: number | null, b: number | null): number | null => (isNum(a) && isNum(b) && b !== 0 ? a / b : null);

function windowOf(x: readonly (number | null)[], t: number, n: number): number[] | null {
  if (t - n + 1 < 0) return null;
  const w = x.slice(t - n + 1, t + 1);
  return w.every(isNum) ? (w as number[]) : null;
}

export const naiveMean = (w: number[]): number => fsum(w) / w.length;

/** Deviations from the mean of the window; an all-equal window has exactly zero deviations. */
function deviations(w: number[]): number[] {
  if (w.every((v) => v === w[0])) return w.map(() => 0);
  const m = naiveMean(w);
  return w.map((v) => v - m);
}

/**
 * Corrected two-pass SD: Σd² − (Σd)²/n. The second term removes the error of the rounded mean
 * (Σd ≠ 0 exactly), which matters when the values are only a few hundred ulps apart.
 */
export function naiveSd(w: number[], ddof: 0 | 1): number {
  const d = deviations(w);
  const s = fsum(d);
  return Math.sqrt(Math.max(0, fsum(d.map((v) => v * v)) - (s * s) / w.length) / (w.length - ddof));
}

export function naiveSkew(w: number[]): number | null {
  const n = w.length;
  const d = deviations(w);
  const m2 = fsum(d.map((v) => v ** 2)) / n;
  const m3 = fsum(d.map((v) => v ** 3)) / n;
  if (m2 === 0) return null;
  return ((Math.sqrt(n * (n - 1)) / (n - 2)) * m3) / m2 ** 1.5;
}

export function naiveKurt(w: number[]): number | null {
  const n = w.length;
  const d = deviations(w);
  const m2 = fsum(d.map((v) => v ** 2)) / n;
  const m4 = fsum(d.map((v) => v ** 4)) / n;
  if (m2 === 0) return null;
  return ((n * n - 1) * (m4 / (m2 * m2)) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
}

function rolling(x: readonly (number | null)[], n: number, f: (w: number[]) => number | null): (number | null)[] {
  return x.map((_, t) => {
    const w = windowOf(x, t, n);
    return w ? f(w) : null;
  });
}

/** EMA/RMA as FEATURES.md words it: SMA of the first n (non-null) values at the n-th, then the recursion. */
export function naiveSmooth(x: readonly (number | null)[], n: number, alpha: number): (number | null)[] {
  const out: (number | null)[] = [];
  const seed: number[] = [];
  let value: number | null = null;
  for (const v of x) {
    if (!isNum(v)) {
      out.push(null);
      continue;
    }
    if (value === null) {
      seed.push(v);
      if (seed.length === n) value = seed.reduce((a, b) => a + b, 0) / n;
      out.push(value);
    } else {
      value = alpha * v + (1 - alpha) * value;
      out.push(value);
    }
  }
  return out;
}

export function naiveRsi(close: readonly number[], n: number, alpha: number): (number | null)[] {
  const gains = close.map((c, t) => (t === 0 ? null : Math.max(c - close[t - 1]!, 0)));
  const losses = close.map((c, t) => (t === 0 ? null : Math.max(close[t - 1]! - c, 0)));
  const g = naiveSmooth(gains, n, alpha);
  const l = naiveSmooth(losses, n, alpha);
  return g.map((gv, t) => {
    const lv = l[t]!;
    if (gv === null || lv === null) return null;
    return lv === 0 ? 100 : 100 - 100 / (1 + gv / lv);
  });
}

export interface NaiveCalendar {
  readonly timeZone: string;
  readonly open: number;
  readonly close: number;
  readonly midday: number;
}

const NEW_YORK: NaiveCalendar = { timeZone: 'America/New_York', open: 570, close: 960, midday: 720 };

/** Local date parts of an instant, straight from Intl. */
export function naiveLocal(ts: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
      .formatToParts(new Date(ts))
      .map((p) => [p.type, p.value]),
  );
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60 + (ts % 1000) / 60000,
    dayOfWeek: weekdays.indexOf(parts.weekday!),
  };
}

export function naiveFeatures(bars: BarColumns, calendar: NaiveCalendar = NEW_YORK): NaiveColumns {
  const N = bars.close.length;
  const o = Array.from(bars.open);
  const h = Array.from(bars.high);
  const l = Array.from(bars.low);
  const c = Array.from(bars.close);
  const v = Array.from(bars.volume);
  const out = {} as NaiveColumns;
  const r = c.map((x, t) => (t === 0 ? null : x / c[t - 1]! - 1));

  // price
  out.returns = r;
  out.log_returns = c.map((x, t) => (t === 0 ? null : Math.log(x / c[t - 1]!)));
  out.high_low_pct = c.map((x, t) => (h[t]! - l[t]!) / x);
  out.open_close_pct = c.map((x, t) => (x - o[t]!) / o[t]!);
  out.price_acceleration = r.map((x, t) => (t < 2 ? null : x! - r[t - 1]!));
  out.returns_sign = r.map((x) => (x === null ? null : Math.sign(x)));
  out.returns_squared = r.map((x) => (x === null ? null : x * x));

  // moving averages
  const sma = (x: readonly (number | null)[], n: number) => rolling(x, n, naiveMean);
  const maS = sma(c, 24);
  const maM = sma(c, 120);
  const maL = sma(c, 480);
  out.price_ma_short = maS;
  out.price_ma_med = maM;
  out.price_ma_long = maL;
  const ema12 = naiveSmooth(c, 12, 2 / 13);
  const ema26 = naiveSmooth(c, 26, 2 / 27);
  out.ema_12 = ema12;
  out.ema_26 = ema26;
  out.price_to_ma_short = c.map((x, t) => div(x, maS[t]!));
  out.price_to_ma_med = c.map((x, t) => div(x, maM[t]!));
  out.price_to_ma_long = c.map((x, t) => div(x, maL[t]!));
  out.ma_short_to_med = maS.map((x, t) => div(x, maM[t]!));
  out.ma_med_to_long = maM.map((x, t) => div(x, maL[t]!));

  // volatility
  const sd = (x: readonly (number | null)[], n: number) => rolling(x, n, (w) => naiveSd(w, 1));
  const volS = sd(r, 12);
  const volM = sd(r, 24);
  const volL = sd(r, 120);
  out.realized_vol_short = volS;
  out.realized_vol_med = volM;
  out.realized_vol_long = volL;
  out.vol_ratio_short_med = volS.map((x, t) => div(x, volM[t]!));
  out.vol_ratio_med_long = volM.map((x, t) => div(x, volL[t]!));
  const sqrtOrNull = (x: number | null) => (x === null || x < 0 ? null : Math.sqrt(x));
  const g = c.map((x, t) => 0.5 * Math.log(h[t]! / l[t]!) ** 2 - (2 * Math.LN2 - 1) * Math.log(x / o[t]!) ** 2);
  out.gk_volatility = sma(g, 24).map(sqrtOrNull);
  out.parkinson_vol = sma(h.map((x, t) => Math.log(x / l[t]!) ** 2), 24).map((x) => sqrtOrNull(x === null ? null : x / (4 * Math.LN2)));
  const rs = c.map((x, t) => Math.log(h[t]! / x) * Math.log(h[t]! / o[t]!) + Math.log(l[t]! / x) * Math.log(l[t]! / o[t]!));
  out.rogers_satchell_vol = sma(rs, 24).map(sqrtOrNull);
  out.vol_of_vol = sd(volM, 24);

  // volume
  const volumeMa = sma(v, 120);
  out.volume_ma = volumeMa;
  out.volume_ratio = v.map((x, t) => div(x, volumeMa[t]!));
  out.log_volume = v.map((x) => Math.log(1 + x));
  const vpt: number[] = [];
  const obv: number[] = [];
  for (let t = 0; t < N; t++) {
    vpt.push(t === 0 ? 0 : vpt[t - 1]! + v[t]! * r[t]!);
    obv.push(t === 0 ? 0 : obv[t - 1]! + Math.sign(c[t]! - c[t - 1]!) * v[t]!);
  }
  const vptMa = sma(vpt, 24);
  out.vpt = vpt;
  out.vpt_ma = vptMa;
  out.vpt_normalized = vpt.map((x, t) => div(x, vptMa[t]!));
  out.obv = obv;
  const tp = c.map((x, t) => (h[t]! + l[t]! + x) / 3);
  out.mfi = c.map((_, t) => {
    if (t < 14) return null;
    let pos = 0;
    let neg = 0;
    for (let j = t - 13; j <= t; j++) {
      if (tp[j]! > tp[j - 1]!) pos += tp[j]! * v[j]!;
      else if (tp[j]! < tp[j - 1]!) neg += tp[j]! * v[j]!;
    }
    return neg === 0 ? 100 : 100 - 100 / (1 + pos / neg);
  });

  // RSI
  out.rsi_14 = naiveRsi(c, 14, 1 / 14);
  out.rsi_1d = naiveRsi(c, 24, 1 / 24);
  out.rsi_3d = naiveRsi(c, 72, 1 / 72);
  out.rsi_1w = naiveRsi(c, 168, 1 / 168);
  out.rsi_2w = naiveRsi(c, 336, 1 / 336);
  out.rsi_ema = naiveRsi(c, 14, 2 / 15);

  // technical
  const mid = sma(c, 20);
  const psd = rolling(c, 20, (w) => naiveSd(w, 0));
  const upper = mid.map((m, t) => (m === null ? null : m + 2 * psd[t]!));
  const lower = mid.map((m, t) => (m === null ? null : m - 2 * psd[t]!));
  out.bb_middle = mid;
  out.bb_upper = upper;
  out.bb_lower = lower;
  out.bb_position = c.map((x, t) => (lower[t] === null ? null : div(x - lower[t]!, upper[t]! - lower[t]!)));
  out.bb_squeeze = mid.map((m, t) => (m === null ? null : div(upper[t]! - lower[t]!, m)));
  const macd = ema12.map((e, t) => (e === null || ema26[t] === null ? null : e - ema26[t]!));
  const signal = naiveSmooth(macd, 9, 2 / 10);
  out.macd = macd;
  out.macd_signal = signal;
  out.macd_histogram = macd.map((m, t) => (m === null || signal[t] === null ? null : m - signal[t]!));
  out.macd_normalized = macd.map((m, t) => div(m, c[t]!));
  const tr = c.map((_, t) => (t === 0 ? h[0]! - l[0]! : Math.max(h[t]!, c[t - 1]!) - Math.min(l[t]!, c[t - 1]!)));
  const atr = naiveSmooth(tr, 14, 1 / 14);
  out.atr = atr;
  out.atr_normalized = atr.map((a, t) => div(a, c[t]!));
  const hh = rolling(h, 14, (w) => Math.max(...w));
  const ll = rolling(l, 14, (w) => Math.min(...w));
  out.williams_r = c.map((x, t) => (hh[t] === null ? null : mulOrNull(-100, div(hh[t]! - x, hh[t]! - ll[t]!))));
  const stochK = c.map((x, t) => (hh[t] === null ? null : mulOrNull(100, div(x - ll[t]!, hh[t]! - ll[t]!))));
  out.stoch_k = stochK;
  out.stoch_d = sma(stochK, 3);
  out.cci = tp.map((x, t) => {
    const w = windowOf(tp, t, 20);
    if (!w) return null;
    if (w.every((y) => y === w[0])) return null;
    const m = naiveMean(w);
    const mad = fsum(w.map((y) => Math.abs(y - m))) / 20;
    return div(x - m, 0.015 * mad);
  });
  const plusDm = c.map((_, t) => {
    if (t === 0) return null;
    const up = h[t]! - h[t - 1]!;
    const down = l[t - 1]! - l[t]!;
    return up > down && up > 0 ? up : 0;
  });
  const minusDm = c.map((_, t) => {
    if (t === 0) return null;
    const up = h[t]! - h[t - 1]!;
    const down = l[t - 1]! - l[t]!;
    return down > up && down > 0 ? down : 0;
  });
  const sp = naiveSmooth(plusDm, 14, 1 / 14);
  const sm = naiveSmooth(minusDm, 14, 1 / 14);
  const dx = c.map((_, t) => {
    const pdi = mulOrNull(100, div(sp[t]!, atr[t]!));
    const mdi = mulOrNull(100, div(sm[t]!, atr[t]!));
    if (pdi === null || mdi === null) return null;
    return mulOrNull(100, div(Math.abs(pdi - mdi), pdi + mdi));
  });
  out.adx = naiveSmooth(dx, 14, 1 / 14);

  // time
  const local = Array.from(bars.timestamp, (ts) => naiveLocal(ts, calendar.timeZone));
  out.hour = local.map((x) => x.hour);
  out.day_of_week = local.map((x) => x.dayOfWeek);
  out.date = local.map((x) => x.date);
  out.hour_sin = local.map((x) => Math.sin((2 * Math.PI * x.hour) / 24));
  out.hour_cos = local.map((x) => Math.cos((2 * Math.PI * x.hour) / 24));
  out.dow_sin = local.map((x) => Math.sin((2 * Math.PI * x.dayOfWeek) / 7));
  out.dow_cos = local.map((x) => Math.cos((2 * Math.PI * x.dayOfWeek) / 7));
  const inSession = local.map((x) => x.dayOfWeek < 5 && x.minute >= calendar.open && x.minute < calendar.close);
  out.is_market_open = inSession.map((x) => (x ? 1 : 0));
  out.is_morning = inSession.map((x, t) => (x && local[t]!.minute < calendar.midday ? 1 : 0));
  out.is_afternoon = inSession.map((x, t) => (x && local[t]!.minute >= calendar.midday ? 1 : 0));
  const span = (calendar.close - calendar.open) / 60;
  const clamp = (x: number) => Math.min(Math.max(x, 0), span);
  out.hours_since_open = local.map((x) => clamp((x.minute - calendar.open) / 60));
  out.hours_to_close = local.map((x) => clamp((calendar.close - x.minute) / 60));

  // intraday: scan the day's bars up to t from scratch
  const names = [
    'returns_from_daily_open', 'intraday_high', 'intraday_low', 'intraday_range_pct', 'position_in_range',
    'overnight_gap', 'dist_from_intraday_high', 'dist_from_intraday_low',
  ] as const;
  for (const name of names) out[name] = [];
  for (let t = 0; t < N; t++) {
    let first = t;
    while (first > 0 && local[first - 1]!.date === local[t]!.date) first--;
    const openFirst = o[first]!;
    const dayHigh = Math.max(...h.slice(first, t + 1));
    const dayLow = Math.min(...l.slice(first, t + 1));
    out.returns_from_daily_open.push(c[t]! / openFirst - 1);
    out.intraday_high.push(dayHigh);
    out.intraday_low.push(dayLow);
    out.intraday_range_pct.push((dayHigh - dayLow) / openFirst);
    out.position_in_range.push(div(c[t]! - dayLow, dayHigh - dayLow));
    out.overnight_gap.push(first === 0 ? null : openFirst / c[first - 1]! - 1);
    out.dist_from_intraday_high.push(c[t]! / dayHigh - 1);
    out.dist_from_intraday_low.push(c[t]! / dayLow - 1);
  }

  // lags
  for (const k of [1, 2, 4, 8, 24] as const) {
    const lagOf = (x: readonly (number | string | null)[]) => x.map((_, t) => (t >= k ? x[t - k]! : null));
    out[`returns_lag_${k}`] = lagOf(r);
    out[`vol_lag_${k}`] = lagOf(volS);
    out[`volume_ratio_lag_${k}`] = lagOf(out.volume_ratio);
  }

  // rolling
  for (const n of [6, 12, 24] as const) {
    out[`returns_mean_${n}h`] = sma(r, n);
    out[`returns_std_${n}h`] = sd(r, n);
    out[`returns_skew_${n}h`] = rolling(r, n, naiveSkew);
    out[`returns_kurt_${n}h`] = rolling(r, n, naiveKurt);
    out[`price_momentum_${n}h`] = c.map((x, t) => (t >= n ? x / c[t - n]! - 1 : null));
  }
  return out;
}

function mulOrNull(k: number, x: number | null): number | null {
  return x === null ? null : k * x;
}
