import { type BarInterval, type IntervalLayout, SESSION_MINUTES, intervalLayout } from './calendar.ts';

/**
 * What depends only on the bar interval: how the day's variance and volume split over the session's
 * slots, and the GARCH(1,1) coefficients per bar.
 */
export interface IntervalModel {
  readonly layout: IntervalLayout;
  /** Share of the day's intraday (open-to-close) variance in each slot; sums to 1. */
  readonly varianceShare: Float64Array;
  /** Share of the day's volume in each slot; sums to 1. */
  readonly volumeShare: Float64Array;
  /** GARCH alpha + beta per bar. */
  readonly persistence: number;
  readonly alpha: number;
  readonly beta: number;
}

/** Volatility clusters decay with a half-life of three sessions (19.5 trading hours) at every interval. */
export const VOLATILITY_HALF_LIFE_HOURS = 19.5;

/**
 * ∫ over [a, b] minutes after the open of 1 + A·e^(−τ/t1) + B·e^(−(390−τ)/t2): a flat level plus an
 * exponential burst after the open and a ramp into the close.
 */
function smileIntegral(a: number, b: number, A: number, t1: number, B: number, t2: number): number {
  return (
    b -
    a +
    A * t1 * (Math.exp(-a / t1) - Math.exp(-b / t1)) +
    B * t2 * (Math.exp(-(SESSION_MINUTES - b) / t2) - Math.exp(-(SESSION_MINUTES - a) / t2))
  );
}

/** Variance intensity: about 2x the midday level just after the open, 1.35x into the close. */
const VARIANCE_SMILE = { A: 1.0, t1: 45, B: 0.35, t2: 30 } as const;
/** Volume intensity: about 3.5x midday at the open and 4x in the last minutes (closing auction). */
const VOLUME_SMILE = { A: 2.5, t1: 30, B: 3.0, t2: 20 } as const;

const cache = new Map<BarInterval, IntervalModel>();

export function intervalModel(interval: BarInterval): IntervalModel {
  const cached = cache.get(interval);
  if (cached) return cached;
  const layout = intervalLayout(interval);
  const varianceShare = new Float64Array(layout.barsPerDay);
  const volumeShare = new Float64Array(layout.barsPerDay);
  const v = VARIANCE_SMILE;
  const q = VOLUME_SMILE;
  const varianceTotal = smileIntegral(0, SESSION_MINUTES, v.A, v.t1, v.B, v.t2);
  const volumeTotal = smileIntegral(0, SESSION_MINUTES, q.A, q.t1, q.B, q.t2);
  for (let slot = 0; slot < layout.barsPerDay; slot += 1) {
    const a = layout.slotStartMinutes[slot] as number;
    const b = a + (layout.slotMinutes[slot] as number);
    varianceShare[slot] = smileIntegral(a, b, v.A, v.t1, v.B, v.t2) / varianceTotal;
    volumeShare[slot] = smileIntegral(a, b, q.A, q.t1, q.B, q.t2) / volumeTotal;
  }
  const barHours = layout.minutes / 60;
  const persistence = Math.pow(0.5, barHours / VOLATILITY_HALF_LIFE_HOURS);
  // alpha at 60 % of the largest value that keeps the fourth moment of returns finite with
  // unit-variance t(5) shocks (E z^4 = 9): (alpha+beta)^2 + 8 alpha^2 < 1.
  const alpha = 0.6 * Math.sqrt((1 - persistence * persistence) / 8);
  const model: IntervalModel = {
    layout,
    varianceShare,
    volumeShare,
    persistence,
    alpha,
    beta: persistence - alpha,
  };
  cache.set(interval, model);
  return model;
}
