import { ModelInputError } from '../errors/model-input-error.ts';
import type { PredictionType } from '../labels/prediction-type.ts';

/**
 * The naive forecast each model must beat, fitted on training labels only and constant over the
 * test fold:
 * - price_direction → `class_prior`: P(up) = training positive rate; its predicted class is the
 *   majority class (P ≥ 0.5 → up).
 * - momentum → `zero`: forward return 0 (the random-walk forecast); nothing is fitted.
 * - volatility → `training_mean`: the mean realized volatility of the training fold — a
 *   persistence-style forecast of the long-run level (volatility is persistent, returns are not).
 */
export interface Baseline {
  name: 'class_prior' | 'zero' | 'training_mean';
  /** The constant forecast: a probability for price_direction, a value otherwise. */
  value: number;
}

export function fitBaseline(type: PredictionType, labels: Float64Array, rows: Int32Array): Baseline {
  if (rows.length === 0) throw new ModelInputError('cannot fit a baseline on zero training rows');
  if (type === 'momentum') return { name: 'zero', value: 0 };
  let sum = 0;
  for (let i = 0; i < rows.length; i++) sum += labels[rows[i]!]!;
  return { name: type === 'price_direction' ? 'class_prior' : 'training_mean', value: sum / rows.length };
}
