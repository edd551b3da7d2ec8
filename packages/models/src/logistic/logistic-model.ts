import { ModelInputError } from '../errors/model-input-error.ts';
import { binaryConfidence, type Model, type ModelKind, type PredictionBatch, type RowPrediction, type TrainingInput } from '../model.ts';
import { applyStandardScaler, fitStandardScaler } from '../scaling/standard-scaler.ts';
import { sigmoid } from './logistic-objective.ts';
import { validateLogisticParams, type LogisticModelParams } from './logistic-params.ts';
import { DEFAULT_LOGISTIC_HYPERPARAMETERS, trainLogisticNewton, type LogisticHyperparameters, type NewtonResult } from './train-logistic.ts';

export type LogisticDiagnostics = Omit<NewtonResult, 'intercept' | 'weights'>;

/** A fitted (or loaded) logistic model: predicts P(up) from raw features, scaling folded in. */
export class LogisticModel implements Model<LogisticModelParams> {
  readonly kind = 'logistic';
  readonly task = 'binary';
  readonly featureNames: readonly string[];
  private readonly params: LogisticModelParams;

  constructor(
    params: LogisticModelParams,
    /** Present on a freshly trained model; a loaded one has none. */
    readonly diagnostics?: LogisticDiagnostics,
  ) {
    validateLogisticParams(params);
    this.params = structuredClone(params);
    this.featureNames = [...params.featureNames];
  }

  predict(columns: readonly Float64Array[], rows?: Int32Array): PredictionBatch {
    const { mean, scale, weights, intercept } = this.params;
    if (columns.length !== weights.length) {
      throw new ModelInputError(`logistic model expects ${weights.length} feature columns (${this.featureNames.join(', ')}), got ${columns.length}`);
    }
    const count = rows === undefined ? (columns[0]?.length ?? 0) : rows.length;
    if (rows === undefined && columns.some((column) => column.length !== count)) {
      throw new ModelInputError('feature columns differ in length');
    }
    const eta = new Float64Array(count).fill(intercept);
    columns.forEach((column, j) => {
      const factor = weights[j]! / scale[j]!;
      const centre = mean[j]!;
      if (rows === undefined) for (let i = 0; i < count; i++) eta[i]! += factor * (column[i]! - centre);
      else for (let i = 0; i < count; i++) eta[i]! += factor * (column[rows[i]!]! - centre);
    });
    const value = new Float64Array(count);
    const confidence = new Float64Array(count);
    const score = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const p = sigmoid(eta[i]!);
      score[i] = p;
      value[i] = p >= 0.5 ? 1 : 0;
      confidence[i] = binaryConfidence(p);
    }
    return { value, confidence, score };
  }

  predictRow(x: Float64Array): RowPrediction {
    const { mean, scale, weights, intercept } = this.params;
    if (x.length !== weights.length) throw new ModelInputError(`logistic model expects ${weights.length} features, got ${x.length}`);
    let eta = intercept;
    for (let j = 0; j < weights.length; j++) eta += (weights[j]! * (x[j]! - mean[j]!)) / scale[j]!;
    const p = sigmoid(eta);
    return { value: p >= 0.5 ? 1 : 0, confidence: binaryConfidence(p), score: p };
  }

  serialize(): LogisticModelParams {
    return structuredClone(this.params);
  }
}

export function trainLogistic(input: TrainingInput, hyperparameters: Partial<LogisticHyperparameters> = {}): LogisticModel {
  // Hyperparameters arrive from job payloads: a misspelt name must fail, not silently use a default.
  for (const name of Object.keys(hyperparameters)) {
    if (!Object.hasOwn(DEFAULT_LOGISTIC_HYPERPARAMETERS, name)) {
      throw new ModelInputError(`unknown logistic hyperparameter "${name}" (known: ${Object.keys(DEFAULT_LOGISTIC_HYPERPARAMETERS).join(', ')})`);
    }
  }
  const hp = { ...DEFAULT_LOGISTIC_HYPERPARAMETERS, ...hyperparameters };
  if (!(hp.l2 >= 0) || !Number.isFinite(hp.l2)) throw new ModelInputError(`logistic l2 must be a finite number ≥ 0, got ${String(hp.l2)}`);
  if (!(hp.tolerance > 0)) throw new ModelInputError(`logistic tolerance must be > 0, got ${String(hp.tolerance)}`);
  if (!Number.isInteger(hp.maxIterations) || hp.maxIterations < 1) {
    throw new ModelInputError(`logistic maxIterations must be an integer ≥ 1, got ${String(hp.maxIterations)}`);
  }
  if (input.task !== 'binary') throw new ModelInputError(`logistic regression predicts a binary label (price_direction), not a ${input.task} target`);
  const { rows } = input;
  if (rows.length === 0) throw new ModelInputError('empty dataset: no training rows');
  if (input.columns.length === 0) throw new ModelInputError('logistic regression needs at least one feature');
  if (input.featureNames.length !== input.columns.length) {
    throw new ModelInputError(`${input.featureNames.length} feature names for ${input.columns.length} columns`);
  }
  const labels = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const label = input.labels[row];
    if (label !== 0 && label !== 1) throw new ModelInputError(`row ${row}: a binary label must be 0 or 1, got ${String(label)}`);
    for (const column of input.columns) {
      if (!Number.isFinite(column[row]!)) throw new ModelInputError(`row ${row}: features must be finite (drop missing rows before training)`);
    }
    labels[i] = label;
  }

  // The scaler sees the training rows only; the standardized design holds only those rows.
  const scaler = fitStandardScaler(input.columns, rows);
  const design = applyStandardScaler(scaler, input.columns, rows);
  const result = trainLogisticNewton(design, labels, hp);
  const { intercept, weights, ...diagnostics } = result;
  return new LogisticModel(
    {
      kind: 'logistic',
      featureNames: [...input.featureNames],
      mean: Array.from(scaler.mean),
      scale: Array.from(scaler.scale),
      weights: Array.from(weights),
      intercept,
    },
    diagnostics,
  );
}

export const logisticModelKind: ModelKind<LogisticModelParams, LogisticHyperparameters> = {
  kind: 'logistic',
  tasks: ['binary'],
  train: trainLogistic,
  load: (params) => new LogisticModel(params),
};
