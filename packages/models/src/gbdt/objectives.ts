// The two losses, as the first and second derivatives of the loss with respect to the raw score
// (Newton boosting, XGBoost's formulation): each tree fits leaf weights −G/(H+λ).

import { GbdtInputError } from './gbdt-input-error.ts';
import type { TreeEnsembleObjective } from './tree-ensemble-params.ts';

// XGBoost's floor: a confident, correct prediction has p(1−p) → 0, and a leaf of only such rows
// must still have a finite weight.
const MIN_HESSIAN = 1e-16;

export interface Objective {
  readonly name: TreeEnsembleObjective;
  /** Raw score before any tree: log-odds of the training prior, or the training mean. */
  baseScore(labels: Float64Array): number;
  /** Writes gradient and hessian of every row's loss at its current raw score. */
  gradients(raw: Float64Array, labels: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** Mean loss: log loss for 'binary', mean squared error for 'regression'. */
  loss(raw: Float64Array, labels: Float64Array): number;
  /** Checks one label; returns a reason when it is not allowed. */
  labelProblem(label: number): string | null;
}

export function sigmoid(raw: number): number {
  return 1 / (1 + Math.exp(-raw));
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

const binary: Objective = {
  name: 'binary',
  baseScore(labels) {
    const prior = mean(labels);
    if (prior <= 0 || prior >= 1) {
      throw new GbdtInputError(`binary objective needs both classes in the training labels (share of 1s is ${prior})`);
    }
    return Math.log(prior / (1 - prior));
  },
  gradients(raw, labels, grad, hess) {
    for (let i = 0; i < raw.length; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]!));
      grad[i] = p - labels[i]!;
      const h = p * (1 - p);
      hess[i] = h > MIN_HESSIAN ? h : MIN_HESSIAN;
    }
  },
  loss(raw, labels) {
    // log(1 + e^{-z}) for y = 1 and log(1 + e^{z}) for y = 0, written so large |z| cannot overflow.
    let sum = 0;
    for (let i = 0; i < raw.length; i++) {
      const z = labels[i]! === 1 ? raw[i]! : -raw[i]!;
      sum += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    }
    return sum / raw.length;
  },
  labelProblem(label) {
    return label === 0 || label === 1 ? null : 'binary labels must be 0 or 1';
  },
};

const regression: Objective = {
  name: 'regression',
  baseScore: mean,
  gradients(raw, labels, grad, hess) {
    for (let i = 0; i < raw.length; i++) {
      grad[i] = raw[i]! - labels[i]!;
      hess[i] = 1;
    }
  },
  loss(raw, labels) {
    let sum = 0;
    for (let i = 0; i < raw.length; i++) {
      const d = raw[i]! - labels[i]!;
      sum += d * d;
    }
    return sum / raw.length;
  },
  labelProblem(label) {
    return Number.isFinite(label) ? null : 'regression labels must be finite numbers';
  },
};

export function objectiveOf(name: TreeEnsembleObjective): Objective {
  if (name === 'binary') return binary;
  if (name === 'regression') return regression;
  throw new GbdtInputError(`unknown objective '${String(name)}' (expected 'binary' or 'regression')`);
}
