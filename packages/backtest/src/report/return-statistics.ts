// Performance figures of one equity curve. Returns are simple per-bar returns of equity; the
// risk-free rate is taken as 0. Volatility, Sharpe and Sortino are annualised by √(bars a year).

export interface CurvePoint {
  readonly timestamp: number;
  readonly equity: number;
  readonly grossExposure: number;
}

export interface PerformanceStats {
  readonly bars: number;
  readonly totalReturn: number;
  /** (1 + total)^(barsPerYear / bars) − 1. */
  readonly annualizedReturn: number;
  /** Sample standard deviation of bar returns × √barsPerYear. */
  readonly volatility: number;
  /** mean / standard deviation of bar returns × √barsPerYear. */
  readonly sharpe: number;
  /** mean / downside deviation (√ mean of min(r, 0)²) × √barsPerYear. */
  readonly sortino: number;
  /** Largest fall from a running peak, as a fraction of the peak. */
  readonly maxDrawdown: number;
  /** Bars from the peak before the largest drawdown until equity regains it (or the end). */
  readonly maxDrawdownDurationBars: number;
  readonly maxDrawdownDurationMs: number;
  /** Share of bars with a non-zero return whose return is positive. */
  readonly hitRate: number;
  /** Traded notional / mean equity, per year. */
  readonly turnover: number;
  /** Mean of gross exposure / equity. */
  readonly exposure: number;
  /** Share of bars with a position. */
  readonly timeInMarket: number;
  readonly commission: number;
  /** Per-bar figures the deflated Sharpe ratio needs. */
  readonly perBar: { readonly mean: number; readonly std: number; readonly sharpe: number; readonly skewness: number; readonly kurtosis: number };
}

/**
 * `start` is the book before the first bar (the initial cash at the first timestamp's open), so the
 * first bar's return counts too.
 */
export function performanceStats(start: number, curve: readonly CurvePoint[], barsPerYear: number, tradedNotional: number, commission: number): PerformanceStats {
  const n = curve.length;
  const returns = new Float64Array(n);
  let previous = start;
  for (let i = 0; i < n; i++) {
    const e = curve[i]!.equity;
    returns[i] = previous !== 0 ? e / previous - 1 : 0;
    previous = e;
  }
  const moments = momentsOf(returns);
  let downside = 0;
  let wins = 0;
  let moves = 0;
  for (const r of returns) {
    if (r < 0) downside += r * r;
    if (r !== 0) moves++;
    if (r > 0) wins++;
  }
  const downsideDeviation = n > 0 ? Math.sqrt(downside / n) : Number.NaN;
  const last = n > 0 ? curve[n - 1]!.equity : start;
  const totalReturn = last / start - 1;
  const annualize = Math.sqrt(barsPerYear);

  // Drawdown and its duration (peak → recovery, or the end).
  let peak = start;
  let peakIndex = -1;
  let maxDrawdown = 0;
  let maxPeakIndex = -1;
  for (let i = 0; i < n; i++) {
    const e = curve[i]!.equity;
    if (e >= peak) {
      peak = e;
      peakIndex = i;
    } else if (peak > 0 && 1 - e / peak > maxDrawdown) {
      maxDrawdown = 1 - e / peak;
      maxPeakIndex = peakIndex;
    }
  }
  let durationBars = 0;
  let durationMs = 0;
  if (maxDrawdown > 0) {
    const peakValue = maxPeakIndex < 0 ? start : curve[maxPeakIndex]!.equity;
    let end = n - 1;
    for (let i = maxPeakIndex + 1; i < n; i++) {
      if (curve[i]!.equity >= peakValue) {
        end = i;
        break;
      }
    }
    durationBars = end - maxPeakIndex;
    const from = maxPeakIndex < 0 ? curve[0]!.timestamp : curve[maxPeakIndex]!.timestamp;
    durationMs = curve[end]!.timestamp - from;
  }

  let exposureSum = 0;
  let inMarket = 0;
  let equitySum = 0;
  for (const p of curve) {
    equitySum += p.equity;
    if (p.equity > 0) exposureSum += p.grossExposure / p.equity;
    if (p.grossExposure > 0) inMarket++;
  }
  const meanEquity = n > 0 ? equitySum / n : start;
  return {
    bars: n,
    totalReturn,
    annualizedReturn: n > 0 && totalReturn > -1 ? Math.pow(1 + totalReturn, barsPerYear / n) - 1 : totalReturn <= -1 ? -1 : Number.NaN,
    volatility: moments.std * annualize,
    sharpe: moments.std > 0 ? (moments.mean / moments.std) * annualize : Number.NaN,
    sortino: downsideDeviation > 0 ? (moments.mean / downsideDeviation) * annualize : Number.NaN,
    maxDrawdown,
    maxDrawdownDurationBars: durationBars,
    maxDrawdownDurationMs: durationMs,
    hitRate: moves > 0 ? wins / moves : Number.NaN,
    turnover: n > 0 && meanEquity > 0 ? (tradedNotional / meanEquity) * (barsPerYear / n) : Number.NaN,
    exposure: n > 0 ? exposureSum / n : Number.NaN,
    timeInMarket: n > 0 ? inMarket / n : Number.NaN,
    commission,
    perBar: { mean: moments.mean, std: moments.std, sharpe: moments.std > 0 ? moments.mean / moments.std : Number.NaN, skewness: moments.skewness, kurtosis: moments.kurtosis },
  };
}

/** Mean, sample standard deviation (n − 1), and the moment skewness and (non-excess) kurtosis. */
export function momentsOf(x: ArrayLike<number>): { mean: number; std: number; skewness: number; kurtosis: number } {
  const n = x.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, skewness: Number.NaN, kurtosis: Number.NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : Number.NaN;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, std, skewness: m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0, kurtosis: m2 > 0 ? m4 / (m2 * m2) : 3 };
}
