// The probabilistic and deflated Sharpe ratios of Bailey & López de Prado ("The Deflated Sharpe
// Ratio: Correcting for Selection Bias, Backtest Overfitting and Non-Normality", 2014). All Sharpe
// ratios here are per observation (per bar), not annualised, as the formulas require.
import { normalCdf, normalQuantile } from './normal-distribution.ts';

/** Euler–Mascheroni constant γ. */
export const EULER_MASCHERONI = 0.5772156649015329;

/**
 * Expected maximum Sharpe ratio of N independent trials whose Sharpe ratios have variance V, when the
 * true Sharpe ratio is 0: SR₀ = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))). One trial: 0.
 */
export function expectedMaxSharpe(trials: number, trialSharpeVariance: number): number {
  if (!(Number.isInteger(trials) && trials >= 1)) throw new RangeError(`trials must be an integer ≥ 1, got ${trials}`);
  if (!(trialSharpeVariance >= 0 && Number.isFinite(trialSharpeVariance))) throw new RangeError(`trial Sharpe variance must be finite and ≥ 0, got ${trialSharpeVariance}`);
  if (trials === 1) return 0;
  return Math.sqrt(trialSharpeVariance) * ((1 - EULER_MASCHERONI) * normalQuantile(1 - 1 / trials) + EULER_MASCHERONI * normalQuantile(1 - 1 / (trials * Math.E)));
}

/**
 * PSR(SR*) = Φ((SR̂ − SR*) √(T − 1) / √(1 − γ₃ SR̂ + (γ₄ − 1)/4 · SR̂²)): the probability that the true
 * Sharpe ratio exceeds SR*, given T observations with skewness γ₃ and kurtosis γ₄ (3 for a normal).
 */
export function probabilisticSharpe(sharpe: number, benchmark: number, observations: number, skewness: number, kurtosis: number): number {
  const variance = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(observations > 1) || !(variance > 0)) return Number.NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(variance));
}

export interface DeflatedSharpeInput {
  /** Per-bar Sharpe ratio of the selected strategy. */
  readonly sharpe: number;
  readonly observations: number;
  readonly skewness: number;
  /** Non-excess kurtosis (normal = 3). */
  readonly kurtosis: number;
  /** Configurations tried (a sweep's runs); 1 = no selection. */
  readonly trials: number;
  /** Variance of the per-bar Sharpe ratios across the trials. */
  readonly trialSharpeVariance: number;
}

export interface DeflatedSharpeResult extends DeflatedSharpeInput {
  /** SR₀: the Sharpe ratio the best of `trials` lucky configurations would be expected to show. */
  readonly expectedMaxSharpe: number;
  /** PSR(0). */
  readonly probabilisticSharpe: number;
  /** DSR = PSR(SR₀): the probability that the true Sharpe ratio is above what selection alone explains. */
  readonly deflatedSharpe: number;
}

export function deflatedSharpe(input: DeflatedSharpeInput): DeflatedSharpeResult {
  const sr0 = expectedMaxSharpe(input.trials, input.trialSharpeVariance);
  return {
    ...input,
    expectedMaxSharpe: sr0,
    probabilisticSharpe: probabilisticSharpe(input.sharpe, 0, input.observations, input.skewness, input.kurtosis),
    deflatedSharpe: probabilisticSharpe(input.sharpe, sr0, input.observations, input.skewness, input.kurtosis),
  };
}
