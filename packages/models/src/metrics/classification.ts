import { ModelInputError } from '../errors/model-input-error.ts';
import { averageRanks } from './ranks.ts';

export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  logLoss: number;
  rows: number;
}

/** Probabilities are clipped to [ε, 1-ε] in log loss so one confident miss costs ≈ 34.5, not ∞. */
export const LOG_LOSS_EPSILON = 1e-15;

/** Predicted class from P(up): up when P(up) ≥ 0.5 (so a 50/50 prior predicts the positive class). */
export function predictedClass(probability: number): 0 | 1 {
  return probability >= 0.5 ? 1 : 0;
}

function assertPairs(labels: ArrayLike<number>, predictions: ArrayLike<number>): void {
  if (labels.length !== predictions.length) throw new ModelInputError(`${labels.length} labels but ${predictions.length} predictions`);
  if (labels.length === 0) throw new ModelInputError('cannot compute a metric on zero rows');
}

export function accuracy(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  assertPairs(labels, probabilities);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictedClass(probabilities[i]!) === labels[i]) correct++;
  return correct / labels.length;
}

/** Counts for the positive class (label 1). */
function confusion(labels: ArrayLike<number>, probabilities: ArrayLike<number>): { tp: number; fp: number; fn: number } {
  assertPairs(labels, probabilities);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = predictedClass(probabilities[i]!);
    if (predicted === 1 && labels[i] === 1) tp++;
    else if (predicted === 1) fp++;
    else if (labels[i] === 1) fn++;
  }
  return { tp, fp, fn };
}

/** tp / (tp + fp); 0 when nothing is predicted positive (the scikit-learn zero_division=0 convention). */
export function precision(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const { tp, fp } = confusion(labels, probabilities);
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

/** tp / (tp + fn); 0 when there is no positive label. */
export function recall(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const { tp, fn } = confusion(labels, probabilities);
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

/** Harmonic mean of precision and recall = 2tp / (2tp + fp + fn); 0 when that is 0/0. */
export function f1(labels: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  const { tp, fp, fn } = confusion(labels, probabilities);
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * Area under the ROC curve via the Mann–Whitney statistic on average ranks, so tied scores count
 * one half (a constant score gives exactly 0.5). NaN when only one class is present: undefined.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  assertPairs(labels, scores);
  const ranks = averageRanks(scores);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      positives++;
      rankSum += ranks[i]!;
    }
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean binary cross-entropy (natural log), probabilities clipped to [ε, 1-ε]. */
export function logLoss(labels: ArrayLike<number>, probabilities: ArrayLike<number>, epsilon = LOG_LOSS_EPSILON): number {
  assertPairs(labels, probabilities);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probabilities[i]!, epsilon), 1 - epsilon);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

export function classificationMetrics(labels: ArrayLike<number>, probabilities: ArrayLike<number>): ClassificationMetrics {
  return {
    accuracy: accuracy(labels, probabilities),
    precision: precision(labels, probabilities),
    recall: recall(labels, probabilities),
    f1: f1(labels, probabilities),
    rocAuc: rocAuc(labels, probabilities),
    logLoss: logLoss(labels, probabilities),
    rows: labels.length,
  };
}
