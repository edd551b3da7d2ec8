import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averageRanks,
  classificationMetrics,
  f1,
  fitBaseline,
  logLoss,
  meanAbsoluteError,
  ModelInputError,
  precision,
  recall,
  regressionMetrics,
  rocAuc,
  rootMeanSquaredError,
  spearman,
} from '../src/index.ts';

describe('classification metrics on hand-computed examples', () => {
  // Predicted classes at 0.5: [1, 0, 1, 0, 1] → tp 2 (rows 0, 4), fp 1 (row 2), fn 1 (row 1), tn 1.
  const labels = [1, 1, 0, 0, 1];
  const p = [0.7, 0.4, 0.6, 0.2, 0.5];

  it('accuracy, precision, recall, F1', () => {
    expect(accuracy(labels, p)).toBe(3 / 5);
    expect(precision(labels, p)).toBe(2 / 3);
    expect(recall(labels, p)).toBe(2 / 3);
    expect(f1(labels, p)).toBe(2 / 3);
    // No positive prediction: precision and F1 are 0 by convention, not NaN.
    expect(precision([1, 0], [0.1, 0.2])).toBe(0);
    expect(f1([1, 0], [0.1, 0.2])).toBe(0);
  });

  it('ROC AUC counts tied scores as one half (pairs counted by hand)', () => {
    // Positives score 0.4, 0.8, 0.3; negatives 0.1, 0.4, 0.8.
    // 0.4 beats 0.1, ties 0.4 → 1.5;  0.8 beats 0.1 and 0.4, ties 0.8 → 2.5;  0.3 beats 0.1 → 1.  Total 5 / 9.
    expect(rocAuc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.4, 0.8, 0.8, 0.3])).toBeCloseTo(5 / 9, 15);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([1, 1], [0.1, 0.2])).toBeNaN();
  });

  it('log loss, with probabilities clipped to [1e-15, 1 − 1e-15]', () => {
    expect(logLoss([1, 0, 1], [0.9, 0.2, 0.6])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3, 15);
    expect(logLoss([1, 0, 1], [0.9, 0.2, 0.6])).toBeCloseTo(0.2797766, 7);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([0], [1])).toBeCloseTo(34.5, 0);
    expect(Number.isFinite(logLoss([0], [1]))).toBe(true);
  });

  it('bundles every metric and refuses mismatched or empty input', () => {
    const all = classificationMetrics(labels, p);
    expect(all).toMatchObject({ accuracy: 0.6, rows: 5 });
    expect(() => accuracy([1, 0], [0.5])).toThrow(/2 labels but 1 predictions/);
    expect(() => logLoss([], [])).toThrow(ModelInputError);
  });
});

describe('regression metrics on hand-computed examples', () => {
  it('MAE, RMSE', () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 5])).toBe(1);
    expect(rootMeanSquaredError([1, 2, 3], [2, 2, 5])).toBeCloseTo(Math.sqrt(5 / 3), 15);
  });

  it('average ranks and Spearman with ties', () => {
    expect(Array.from(averageRanks([5, 7, 7, 9]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(averageRanks([3, 3, 3, 1]))).toEqual([3, 3, 3, 1]);
    // Ranks x [1, 2.5, 2.5, 4], y [1, 3, 2, 4]: Sxy = 4.5, Sxx = 4.5, Syy = 5 → 4.5 / √22.5 = √0.9.
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 15);
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 1e6])).toBe(1);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('IC is Spearman(forecast, actual)', () => {
    expect(regressionMetrics([1, 3, 2, 4], [1, 2, 2, 3]).ic).toBeCloseTo(Math.sqrt(0.9), 15);
  });
});

describe('naive baselines (fitted on training rows only)', () => {
  const labels = Float64Array.from([1, 1, 0, 1, 0, 0, 0, 0]);
  const train = Int32Array.from([0, 1, 2, 3]);

  it('class prior: P(up) = training positive rate, its class the majority', () => {
    expect(fitBaseline('price_direction', labels, train)).toEqual({ name: 'class_prior', value: 0.75 });
  });

  it('momentum: zero forecast; volatility: training mean', () => {
    expect(fitBaseline('momentum', labels, train)).toEqual({ name: 'zero', value: 0 });
    expect(fitBaseline('volatility', Float64Array.from([0.01, 0.03, 0.02, 9]), Int32Array.from([0, 1, 2]))).toEqual({ name: 'training_mean', value: 0.02 });
    expect(() => fitBaseline('volatility', labels, new Int32Array(0))).toThrow(/zero training rows/);
  });
});
