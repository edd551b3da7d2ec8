import { assertHorizon, assertPredictionType, type PredictionType } from './prediction-type.ts';

/**
 * Labels for ONE symbol's close series (time order), computed from future bars only:
 * label[t] depends on close[t..t+h] and nothing else, so it is never usable as a feature and a
 * change to a bar after t+h cannot move it. label[t] is NaN when t+h is past the end of the series
 * or any close it needs is missing (NaN); callers drop such rows, never fill them.
 *
 * - momentum:        close[t+h] / close[t] - 1
 * - price_direction: 1 if momentum > 0, else 0 (a flat move is 0: "not up")
 * - volatility:      sample standard deviation (n-1) of ln(close[k]/close[k-1]), k = t+1..t+h
 */
export function computeLabels(type: PredictionType, close: Float64Array, horizon: number): Float64Array {
  assertPredictionType(type);
  assertHorizon(horizon, type);
  const n = close.length;
  const labels = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t + horizon < n; t++) {
    const start = close[t]!;
    const end = close[t + horizon]!;
    if (type === 'volatility') {
      labels[t] = forwardVolatility(close, t, horizon);
      continue;
    }
    if (!(start > 0) || !(end > 0)) continue; // missing or non-positive price: no label
    const forwardReturn = end / start - 1;
    labels[t] = type === 'momentum' ? forwardReturn : forwardReturn > 0 ? 1 : 0;
  }
  return labels;
}

function forwardVolatility(close: Float64Array, t: number, horizon: number): number {
  // Two passes over h returns (mean, then squared deviations): exact enough and h is small.
  let sum = 0;
  for (let k = t + 1; k <= t + horizon; k++) {
    const previous = close[k - 1]!;
    const current = close[k]!;
    if (!(previous > 0) || !(current > 0)) return Number.NaN;
    sum += Math.log(current / previous);
  }
  const mean = sum / horizon;
  let squares = 0;
  for (let k = t + 1; k <= t + horizon; k++) {
    const deviation = Math.log(close[k]! / close[k - 1]!) - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / (horizon - 1));
}

