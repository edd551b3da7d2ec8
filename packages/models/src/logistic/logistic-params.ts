import { ModelInputError } from '../errors/model-input-error.ts';

/** P(up) = sigmoid(intercept + Σ_i weights[i] * (x[i] - mean[i]) / scale[i]) — as in MODELS-CONTRACT.md. */
export interface LogisticModelParams {
  kind: 'logistic';
  featureNames: string[];
  /** Scaler fitted on the training fold only. */
  mean: number[];
  /** Standard deviation, 1 where it was 0. */
  scale: number[];
  weights: number[];
  intercept: number;
}

export function validateLogisticParams(params: LogisticModelParams): void {
  if (params.kind !== 'logistic') throw new ModelInputError(`expected kind "logistic", got "${String(params.kind)}"`);
  const d = Array.isArray(params.featureNames) ? params.featureNames.length : -1;
  if (d < 1) throw new ModelInputError('logistic params: featureNames must be a non-empty array');
  for (const field of ['mean', 'scale', 'weights'] as const) {
    const values = params[field];
    if (!Array.isArray(values) || values.length !== d) {
      throw new ModelInputError(`logistic params: ${field} must have ${d} numbers (one per feature)`);
    }
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new ModelInputError(`logistic params: ${field} must hold finite numbers`);
    }
  }
  if (!params.scale.every((v) => v > 0)) throw new ModelInputError('logistic params: every scale must be > 0');
  if (typeof params.intercept !== 'number' || !Number.isFinite(params.intercept)) {
    throw new ModelInputError('logistic params: intercept must be a finite number');
  }
}
