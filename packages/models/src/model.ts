import type { Task } from './labels/prediction-type.ts';

/** What every serialized model has; each kind adds its own fields (see MODELS-CONTRACT shapes). */
export interface SerializedModel {
  kind: string;
  featureNames: string[];
}

/** What a trainer gets: raw (unscaled) feature columns over all rows, and which rows to learn from. */
export interface TrainingInput {
  featureNames: readonly string[];
  columns: readonly Float64Array[];
  labels: Float64Array;
  /** The training rows (a fold's train set); a trainer must read no other row. */
  rows: Int32Array;
  task: Task;
  /** For kinds with randomness (row/feature sampling); deterministic kinds ignore it. */
  seed: number;
}

export interface PredictionBatch {
  /** binary: predicted class (1 = up, 0 = not up); regression: the forecast value. */
  value: Float64Array;
  /** In [0, 1]. binary: probability of the predicted class, max(P(up), 1 − P(up)). */
  confidence: Float64Array;
  /** The number metrics use: binary P(up); regression the forecast value (= value). */
  score: Float64Array;
}

export interface RowPrediction {
  value: number;
  confidence: number;
  score: number;
}

/** A fitted model. Kinds handle their own preprocessing (logistic standardizes; trees need none). */
export interface Model<P extends SerializedModel = SerializedModel> {
  readonly kind: string;
  readonly task: Task;
  readonly featureNames: readonly string[];
  /** Predicts the given rows of column-major features (all rows when omitted), in that order. */
  predict(columns: readonly Float64Array[], rows?: Int32Array): PredictionBatch;
  /** One row: x[i] is feature featureNames[i]. */
  predictRow(x: Float64Array): RowPrediction;
  /** Plain JSON-able parameters; `load` of the same kind rebuilds an identical predictor. */
  serialize(): P;
}

/** One model kind: `train` is fit (returns a new model), `load` rebuilds one from serialized params. */
export interface ModelKind<P extends SerializedModel = SerializedModel, H = Record<string, unknown>> {
  readonly kind: string;
  readonly tasks: readonly Task[];
  train(input: TrainingInput, hyperparameters?: Partial<H>): Model<P>;
  load(params: P): Model<P>;
}

/** Binary confidence: the probability of the class the model predicts. */
export function binaryConfidence(probabilityUp: number): number {
  return probabilityUp >= 0.5 ? probabilityUp : 1 - probabilityUp;
}
