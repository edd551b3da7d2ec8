import { ModelInputError } from '../errors/model-input-error.ts';
import { averageRanks } from './ranks.ts';

export interface RegressionMetrics {
  mae: number;
  mse: number;
  rmse: number;
  /** Information coefficient: Spearman rank correlation of forecast and outcome; NaN for a constant forecast. */
  ic: number;
  rows: number;
}

function assertPairs(actual: ArrayLike<number>, forecast: ArrayLike<number>): void {
  if (actual.length !== forecast.length) throw new ModelInputError(`${actual.length} labels but ${forecast.length} predictions`);
  if (actual.length === 0) throw new ModelInputError('cannot compute a metric on zero rows');
}

export function meanAbsoluteError(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  assertPairs(actual, forecast);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i]! - forecast[i]!);
  return sum / actual.length;
}

export function meanSquaredError(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  assertPairs(actual, forecast);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = actual[i]! - forecast[i]!;
    sum += error * error;
  }
  return sum / actual.length;
}

export function rootMeanSquaredError(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  return Math.sqrt(meanSquaredError(actual, forecast));
}

/** Pearson correlation; NaN when either side has zero variance (no ranking, so no correlation). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertPairs(x, y);
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i]!;
    meanY += y[i]!;
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation: Pearson on average ranks (ties share the mean rank). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertPairs(x, y);
  return pearson(averageRanks(x), averageRanks(y));
}

export function regressionMetrics(actual: ArrayLike<number>, forecast: ArrayLike<number>): RegressionMetrics {
  const mse = meanSquaredError(actual, forecast);
  return { mae: meanAbsoluteError(actual, forecast), mse, rmse: Math.sqrt(mse), ic: spearman(forecast, actual), rows: actual.length };
}
