import { describe, expect, it } from 'vitest';
import { type BarColumns, generateBars, syntheticUniverse } from '../src/index.ts';

const NOW = Date.UTC(2026, 2, 13, 20, 0);
const SYMBOLS = syntheticUniverse(40);
const RANGE = { start: Date.UTC(2024, 0, 1), end: NOW, now: NOW };

/** Indices i > 0 where bar i is the first of its session (a gap of more than one bar before it). */
function isSessionStart(bars: BarColumns, i: number): boolean {
  return bars.timestamp[i]! - bars.timestamp[i - 1]! > 3_600_000;
}

interface SeriesStats {
  excessKurtosis: number;
  squaredAutocorrelation: number;
}

function seriesStats(returns: number[]): SeriesStats {
  const n = returns.length;
  const mean = returns.reduce((s, x) => s + x, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of returns) {
    m2 += (x - mean) ** 2;
    m4 += (x - mean) ** 4;
  }
  m2 /= n;
  m4 /= n;
  const squares = returns.map((x) => (x - mean) ** 2);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    den += (squares[i]! - m2) ** 2;
    if (i > 0) num += (squares[i]! - m2) * (squares[i - 1]! - m2);
  }
  return { excessKurtosis: m4 / (m2 * m2) - 3, squaredAutocorrelation: num / den };
}

/** Pooled lag-1 autocorrelation of intraday close-to-close log returns (session-opening bars excluded). */
function intradayLagOneAutocorrelation(predictability: number): { rho: number; n: number } {
  let num = 0;
  let den = 0;
  let n = 0;
  for (const symbol of SYMBOLS) {
    const bars = generateBars(symbol, '1h', RANGE, { predictability });
    const r: number[] = [];
    const intraday: boolean[] = [];
    for (let i = 1; i < bars.length; i += 1) {
      r.push(Math.log(bars.close[i]! / bars.close[i - 1]!));
      intraday.push(!isSessionStart(bars, i));
    }
    const mean = r.reduce((s, x) => s + x, 0) / r.length;
    let symbolNum = 0;
    let symbolDen = 0;
    for (let i = 1; i < r.length; i += 1) {
      if (!intraday[i] || !intraday[i - 1]) continue;
      symbolNum += (r[i]! - mean) * (r[i - 1]! - mean);
      symbolDen += (r[i]! - mean) ** 2;
      n += 1;
    }
    // Normalise per symbol so that high-volatility symbols do not dominate.
    num += symbolNum / symbolDen;
    den += 1;
  }
  return { rho: num / den, n };
}

describe('stylized facts (40 symbols × ~3,800 hourly bars)', () => {
  const perSymbol = SYMBOLS.map((symbol) => generateBars(symbol, '1h', RANGE));

  it('has fat tails and volatility clustering in hourly log returns', () => {
    const kurtosis: number[] = [];
    const clustering: number[] = [];
    for (const bars of perSymbol) {
      const returns: number[] = [];
      for (let i = 1; i < bars.length; i += 1) {
        if (!isSessionStart(bars, i)) returns.push(Math.log(bars.close[i]! / bars.close[i - 1]!));
      }
      const stats = seriesStats(returns);
      kurtosis.push(stats.excessKurtosis);
      clustering.push(stats.squaredAutocorrelation);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(kurtosis)).toBeGreaterThan(1);
    const meanClustering = clustering.reduce((s, x) => s + x, 0) / clustering.length;
    expect(meanClustering).toBeGreaterThan(0.01);
    expect(clustering.filter((c) => c > 0).length).toBeGreaterThan(SYMBOLS.length * 0.8);
  });

  it('has a U-shaped intraday volume profile', () => {
    const slotShare = new Float64Array(7);
    for (const bars of perSymbol) {
      const mean = bars.volume.reduce((s, v) => s + v, 0) / bars.length;
      let slot = 0;
      for (let i = 0; i < bars.length; i += 1) {
        if (i > 0) slot = isSessionStart(bars, i) ? 0 : slot + 1;
        slotShare[slot]! += bars.volume[i]! / mean / bars.length;
      }
    }
    const midday = slotShare[3]!; // 12:30–13:30 New York
    expect(slotShare[0]!).toBeGreaterThan(1.5 * midday);
    expect(slotShare[6]!).toBeGreaterThan(midday); // 15:30–16:00, half a bar, still heavier
    expect(slotShare[2]!).toBeLessThan(slotShare[0]!);
  });

  it('has overnight gaps with their own variance', () => {
    let gapVariance = 0;
    let barVariance = 0;
    for (const bars of perSymbol) {
      const gaps: number[] = [];
      const intrabar: number[] = [];
      for (let i = 1; i < bars.length; i += 1) {
        if (isSessionStart(bars, i)) gaps.push(Math.log(bars.open[i]! / bars.close[i - 1]!));
        else intrabar.push(Math.log(bars.close[i]! / bars.open[i]!));
      }
      const variance = (xs: number[]) => xs.reduce((s, x) => s + x * x, 0) / xs.length;
      gapVariance += variance(gaps);
      barVariance += variance(intrabar);
    }
    // A night carries 15–35 % of a day's variance: more than an average hour of the session.
    expect(gapVariance).toBeGreaterThan(1.2 * barVariance);
    expect(gapVariance).toBeLessThan(6 * barVariance);
  });
});

describe('predictable component', () => {
  it('is measurable as lag-1 autocorrelation of hourly returns when on, and absent when off', () => {
    const on = intradayLagOneAutocorrelation(0.05);
    const off = intradayLagOneAutocorrelation(0);
    const standardError = 1 / Math.sqrt(on.n);
    expect(on.n).toBeGreaterThan(100_000);
    expect(on.rho).toBeGreaterThan(0.03);
    expect(on.rho / standardError).toBeGreaterThan(6);
    expect(Math.abs(off.rho)).toBeLessThan(4 * standardError);
    const strong = intradayLagOneAutocorrelation(0.2);
    expect(strong.rho).toBeGreaterThan(0.15);
  });
});
