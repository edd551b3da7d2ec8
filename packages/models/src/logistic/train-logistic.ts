import { ModelInputError } from '../errors/model-input-error.ts';
import { choleskySolve } from './cholesky.ts';
import { logisticHessian } from './hessian.ts';
import { logisticLossOf, sigmoid } from './logistic-objective.ts';

export interface LogisticHyperparameters {
  /** λ of the L2 penalty on the mean loss (not on the intercept); ≥ 0. */
  l2: number;
  /** Stop when every gradient component is at most this in absolute value. */
  tolerance: number;
  maxIterations: number;
}

/**
 * λ = 1 on standardized features shrinks each weight by roughly p(1−p)/(p(1−p)+λ) ≈ 0.2. Returns have
 * a low signal-to-noise ratio: weights fitted to noise cost log loss out of sample (the expected
 * cost grows with √d), so without strong shrinkage a model on a pure random walk is reliably WORSE
 * than the class prior. Measured on 20 random-walk seeds (3 features): the interval includes 0 in
 * 20/20 at λ = 1, 16/20 at λ = 1e-3 (the rest below 0); with 106 features λ = 1 gives 9/20 and
 * λ = 10 gives 18/20 (see README). Tune it per run, for the feature count, through hyperparameters.
 */
export const DEFAULT_LOGISTIC_HYPERPARAMETERS: LogisticHyperparameters = { l2: 1, tolerance: 1e-8, maxIterations: 50 };

export interface NewtonResult {
  intercept: number;
  weights: Float64Array;
  iterations: number;
  converged: boolean;
  /** Objective before the first step and after each accepted step (strictly decreasing). */
  lossHistory: number[];
  gradientMaxAbs: number;
}

/**
 * Newton's method (IRLS) with a backtracking line search on standardized columns z (each of length
 * n, row-aligned with y ∈ {0,1}). Each step solves the (d+1)×(d+1) Newton system by Cholesky. The
 * objective is strictly convex for λ > 0, so Newton converges in a handful of steps; the line search
 * makes every accepted step lower the objective. Fixed loop order everywhere: bit-for-bit
 * deterministic for the same input.
 */
export function trainLogisticNewton(z: readonly Float64Array[], y: Float64Array, hp: LogisticHyperparameters): NewtonResult {
  const n = y.length;
  const d = z.length;
  const m = d + 1;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  // Start at the class prior: the intercept-only optimum, so the first loss is the baseline's.
  const rate = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  let intercept = Math.log(rate / (1 - rate));
  const weights = new Float64Array(d);

  const eta = new Float64Array(n).fill(intercept);
  const trialEta = new Float64Array(n);
  const direction = new Float64Array(n);
  const residual = new Float64Array(n);
  const curvature = new Float64Array(n);
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);

  const objective = (values: Float64Array, w: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += logisticLossOf(values[i]!, y[i]!);
    let penalty = 0;
    for (let j = 0; j < d; j++) penalty += w[j]! * w[j]!;
    return sum / n + 0.5 * hp.l2 * penalty;
  };

  let loss = objective(eta, weights);
  const lossHistory = [loss];
  let gradientMaxAbs: number;
  let iterations = 0;
  let converged = false;

  for (;;) {
    // Gradient and IRLS weights s = p(1-p) at the current point.
    let residualSum = 0;
    let curvatureSum = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(eta[i]!);
      residual[i] = p - y[i]!;
      curvature[i] = p * (1 - p);
      residualSum += residual[i]!;
      curvatureSum += curvature[i]!;
    }
    gradient[0] = residualSum / n;
    for (let j = 0; j < d; j++) gradient[j + 1] = dot(residual, z[j]!, 0, n) / n + hp.l2 * weights[j]!;
    gradientMaxAbs = 0;
    for (let k = 0; k < m; k++) gradientMaxAbs = Math.max(gradientMaxAbs, Math.abs(gradient[k]!));
    if (gradientMaxAbs <= hp.tolerance) {
      converged = true;
      break;
    }
    if (iterations >= hp.maxIterations) break;

    logisticHessian(z, curvature, curvatureSum, hp.l2, hessian);
    const step = solveWithRidge(hessian, gradient, m);

    // η moves linearly with the parameters: precompute the direction once, then each trial is O(n).
    direction.fill(step[0]!);
    for (let j = 0; j < d; j++) {
      const s = step[j + 1]!;
      if (s === 0) continue;
      const column = z[j]!;
      for (let i = 0; i < n; i++) direction[i]! += s * column[i]!;
    }
    let slope = 0; // directional derivative along −step (negative for a descent direction)
    for (let k = 0; k < m; k++) slope -= gradient[k]! * step[k]!;
    let t = 1;
    let accepted = false;
    const trialWeights = new Float64Array(d);
    for (let halvings = 0; halvings < 40; halvings++) {
      for (let i = 0; i < n; i++) trialEta[i] = eta[i]! - t * direction[i]!;
      for (let j = 0; j < d; j++) trialWeights[j] = weights[j]! - t * step[j + 1]!;
      const trialLoss = objective(trialEta, trialWeights);
      if (trialLoss < loss && trialLoss <= loss + 1e-4 * t * slope) {
        intercept -= t * step[0]!;
        weights.set(trialWeights);
        eta.set(trialEta);
        loss = trialLoss;
        accepted = true;
        break;
      }
      t /= 2;
    }
    iterations++;
    if (!accepted) {
      // No representable decrease left: the point is optimal to machine precision.
      converged = gradientMaxAbs <= Math.max(hp.tolerance, 1e-6);
      break;
    }
    lossHistory.push(loss);
  }
  return { intercept, weights, iterations, converged, lossHistory, gradientMaxAbs };
}

function dot(a: Float64Array, b: Float64Array, from: number, to: number): number {
  // Four accumulators: independent add chains the CPU can overlap; the order is fixed, so deterministic.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  for (; i + 3 < to; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < to; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** With λ = 0 and a constant or duplicated feature H is singular: add the smallest ridge that makes it solvable. */
function solveWithRidge(hessian: Float64Array, gradient: Float64Array, m: number): Float64Array {
  let trace = 0;
  for (let k = 0; k < m; k++) trace += hessian[k * m + k]!;
  let ridge = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const matrix = ridge === 0 ? hessian : hessian.slice();
    if (ridge > 0) for (let k = 0; k < m; k++) matrix[k * m + k]! += ridge;
    const solution = choleskySolve(matrix, gradient, m);
    if (solution !== undefined) return solution;
    ridge = ridge === 0 ? (1e-12 * trace) / m : ridge * 100;
  }
  throw new ModelInputError('logistic regression: the Newton system stays singular (non-finite features?)');
}
