import { describe, expect, it } from 'vitest';
import { EULER_MASCHERONI, barsPerYear, deflatedSharpe, expectedMaxSharpe, normalCdf, normalQuantile, probabilisticSharpe } from '../src/index.ts';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 25);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 11);
    for (const p of [1e-10, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 13);
  });
});

describe('deflated Sharpe ratio (Bailey & López de Prado 2014)', () => {
  // The paper's example: annualised SR 2.5 over 5 years of daily returns (T = 1,250), skewness −3,
  // kurtosis 10, chosen from N = 100 trials whose annualised Sharpe ratios have variance 1/2.
  const daily = 2.5 / Math.sqrt(250);
  const variance = 0.5 / 250;

  it('SR₀ and DSR worked by hand from the formula', () => {
    // Φ⁻¹(1 − 1/100) = 2.326348; Φ⁻¹(1 − 1/(100 e)) = Φ⁻¹(0.9963212) = 2.680210 (tables)
    const z1 = 2.326348;
    const z2 = 2.68021;
    const sr0ByHand = Math.sqrt(variance) * ((1 - 0.5772157) * z1 + 0.5772157 * z2); // 0.044721 × 2.530628 = 0.113172
    expect(sr0ByHand).toBeCloseTo(0.113172, 5);
    expect(expectedMaxSharpe(100, variance)).toBeCloseTo(sr0ByHand, 5);
    // z = (0.158114 − 0.113172) √1249 / √(1 + 3 × 0.158114 + 9/4 × 0.025) = 1.58832 / 1.237171 = 1.28382
    const zByHand = ((daily - sr0ByHand) * Math.sqrt(1249)) / Math.sqrt(1 + 3 * daily + (9 / 4) * daily * daily);
    expect(zByHand).toBeCloseTo(1.2838, 3);
    const result = deflatedSharpe({ sharpe: daily, observations: 1250, skewness: -3, kurtosis: 10, trials: 100, trialSharpeVariance: variance });
    expect(result.expectedMaxSharpe).toBeCloseTo(0.1132, 4);
    expect(result.deflatedSharpe).toBeCloseTo(0.9004, 3); // the paper's figure
    expect(result.deflatedSharpe).toBeCloseTo(normalCdf(zByHand), 5);
    expect(result.probabilisticSharpe).toBeGreaterThan(0.99);
  });

  it('one trial deflates nothing; more trials deflate more; fat left tails lower PSR', () => {
    expect(expectedMaxSharpe(1, 0.5)).toBe(0);
    expect(EULER_MASCHERONI).toBeCloseTo(0.5772156649, 10);
    const few = deflatedSharpe({ sharpe: 0.05, observations: 1000, skewness: 0, kurtosis: 3, trials: 5, trialSharpeVariance: 1e-3 }).deflatedSharpe;
    const many = deflatedSharpe({ sharpe: 0.05, observations: 1000, skewness: 0, kurtosis: 3, trials: 1000, trialSharpeVariance: 1e-3 }).deflatedSharpe;
    expect(many).toBeLessThan(few);
    expect(probabilisticSharpe(0.05, 0, 1000, -2, 10)).toBeLessThan(probabilisticSharpe(0.05, 0, 1000, 0, 3));
    // normal returns: PSR(0) = Φ(SR √(T − 1) / √(1 + SR²/2))
    expect(probabilisticSharpe(0.05, 0, 1000, 0, 3)).toBeCloseTo(normalCdf((0.05 * Math.sqrt(999)) / Math.sqrt(1 + 0.05 * 0.05 / 2)), 14);
  });
});

describe('bars a year', () => {
  it('from the interval', () => {
    expect(barsPerYear('1h')).toBe(1638);
    expect(barsPerYear('1d')).toBe(252);
    expect(barsPerYear('30m')).toBe(3276);
    expect(barsPerYear('1wk')).toBe(52);
    expect(() => barsPerYear('3x')).toThrow(/cannot annualise bars of interval '3x'/);
  });
});
