import { ModelInputError } from '../errors/model-input-error.ts';
import type { Task } from '../labels/prediction-type.ts';
import { accuracy, f1, logLoss, rocAuc } from '../metrics/classification.ts';
import { meanAbsoluteError, meanSquaredError, spearman } from '../metrics/regression.ts';

/**
 * Model-minus-baseline differences, each signed so that POSITIVE MEANS THE MODEL IS BETTER:
 * - log_loss: baseline log loss − model log loss (the improvement)
 * - accuracy, f1, roc_auc: model − baseline
 * - mse, mae: baseline − model (the improvement)
 * - ic: IC(model) − IC(baseline), where the IC of a constant forecast (every naive baseline) is 0:
 *   a forecast that ranks nothing has no rank correlation to offer.
 * Inputs are scores: P(up) for binary tasks, forecast values for regression.
 */
export type Comparison = 'log_loss' | 'accuracy' | 'f1' | 'roc_auc' | 'mse' | 'mae' | 'ic';

export const COMPARISONS_BY_TASK: Readonly<Record<Task, readonly Comparison[]>> = {
  binary: ['log_loss', 'accuracy', 'f1', 'roc_auc'],
  regression: ['mse', 'mae', 'ic'],
};

export const DEFAULT_COMPARISON: Readonly<Record<Task, Comparison>> = { binary: 'log_loss', regression: 'mse' };

export function assertComparison(task: Task, comparison: string): asserts comparison is Comparison {
  if (!(COMPARISONS_BY_TASK[task] as readonly string[]).includes(comparison)) {
    throw new ModelInputError(`metric "${comparison}" does not apply to a ${task} model (use one of ${COMPARISONS_BY_TASK[task].join(', ')})`);
  }
}

function icOrZero(forecast: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (isConstant(forecast)) return 0; // skips ranking the naive baselines on every resample
  const ic = spearman(forecast, actual);
  return Number.isNaN(ic) ? 0 : ic;
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** The difference for one set of rows; NaN when the metric is undefined there (e.g. ROC AUC with one class). */
export function compareToBaseline(comparison: Comparison, labels: ArrayLike<number>, model: ArrayLike<number>, baseline: ArrayLike<number>): number {
  switch (comparison) {
    case 'log_loss':
      return logLoss(labels, baseline) - logLoss(labels, model);
    case 'accuracy':
      return accuracy(labels, model) - accuracy(labels, baseline);
    case 'f1':
      return f1(labels, model) - f1(labels, baseline);
    case 'roc_auc':
      return rocAuc(labels, model) - rocAuc(labels, baseline);
    case 'mse':
      return meanSquaredError(labels, baseline) - meanSquaredError(labels, model);
    case 'mae':
      return meanAbsoluteError(labels, baseline) - meanAbsoluteError(labels, model);
    case 'ic':
      return icOrZero(model, labels) - icOrZero(baseline, labels);
  }
}
