import type { Dataset } from '../dataset/assemble-dataset.ts';
import { ModelInputError } from '../errors/model-input-error.ts';
import { fitBaseline, type Baseline } from '../metrics/baselines.ts';
import { classificationMetrics, type ClassificationMetrics } from '../metrics/classification.ts';
import { regressionMetrics, type RegressionMetrics } from '../metrics/regression.ts';
import type { ModelKind, SerializedModel } from '../model.ts';
import { walkForwardFolds, type WalkForwardOptions } from '../splits/walk-forward.ts';
import { blockBootstrapDifference, type BootstrapInterval, type BootstrapOptions } from './block-bootstrap.ts';
import { assertComparison, DEFAULT_COMPARISON } from './comparisons.ts';

export type TaskMetrics = ClassificationMetrics | RegressionMetrics;

export interface WalkForwardEvaluationOptions {
  /** The trainer: any registered kind (or one under test) plugs in here. */
  kind: ModelKind;
  hyperparameters?: Record<string, unknown>;
  seed?: number;
  /** Fold layout; the horizon is the dataset's. */
  folds: Omit<WalkForwardOptions, 'horizon'>;
  /** Defaults: log_loss (binary) / mse (regression), 95 %, 1000 resamples, block ≈ T^(1/3), seed = `seed`. */
  bootstrap?: Partial<BootstrapOptions>;
}

export interface FoldEvaluation {
  index: number;
  trainRows: number;
  testRows: number;
  purgedRows: number;
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
  baseline: Baseline;
  modelMetrics: TaskMetrics;
  baselineMetrics: TaskMetrics;
  /** The fold's fitted parameters (for audit and the leakage tests). */
  params: SerializedModel;
}

export interface WalkForwardEvaluation {
  task: Dataset['task'];
  predictionType: Dataset['predictionType'];
  horizon: number;
  folds: FoldEvaluation[];
  pooled: { modelMetrics: TaskMetrics; baselineMetrics: TaskMetrics; rows: number };
  interval: BootstrapInterval;
  /** Pooled out-of-sample rows (dataset row indices) with model and baseline scores. */
  outOfSample: { rows: Int32Array; model: Float64Array; baseline: Float64Array };
}

/**
 * For each walk-forward fold: train the model (the kind fits its own scaler) and the naive baseline
 * on the training rows only, score the test rows, and compute both metric sets. Then pool every test
 * row (each row is tested at most once, folds do not overlap) and bootstrap the model-minus-baseline
 * difference over time.
 */
export function evaluateWalkForward(dataset: Dataset, options: WalkForwardEvaluationOptions): WalkForwardEvaluation {
  if (dataset.rows === 0) throw new ModelInputError('empty dataset: nothing to evaluate');
  if (!options.kind.tasks.includes(dataset.task)) {
    throw new ModelInputError(`model kind "${options.kind.kind}" cannot learn ${dataset.predictionType} (a ${dataset.task} target)`);
  }
  const comparison = options.bootstrap?.comparison ?? DEFAULT_COMPARISON[dataset.task];
  assertComparison(dataset.task, comparison);
  const seed = options.seed ?? 0;
  const folds = walkForwardFolds(dataset, { ...options.folds, horizon: dataset.horizon });
  const metricsOf = (labels: Float64Array, scores: Float64Array): TaskMetrics =>
    dataset.task === 'binary' ? classificationMetrics(labels, scores) : regressionMetrics(labels, scores);

  const testCount = folds.reduce((sum, fold) => sum + fold.testRows.length, 0);
  const pooledRows = new Int32Array(testCount);
  const pooledModel = new Float64Array(testCount);
  const pooledBaseline = new Float64Array(testCount);
  let offset = 0;
  const evaluations = folds.map((fold): FoldEvaluation => {
    const model = options.kind.train(
      { featureNames: dataset.featureNames, columns: dataset.columns, labels: dataset.labels, rows: fold.trainRows, task: dataset.task, seed },
      options.hyperparameters,
    );
    const scores = model.predict(dataset.columns, fold.testRows).score;
    const baseline = fitBaseline(dataset.predictionType, dataset.labels, fold.trainRows);
    const baselineScores = new Float64Array(fold.testRows.length).fill(baseline.value);
    const labels = Float64Array.from(fold.testRows, (r) => dataset.labels[r]!);
    pooledRows.set(fold.testRows, offset);
    pooledModel.set(scores, offset);
    pooledBaseline.set(baselineScores, offset);
    offset += fold.testRows.length;
    return {
      index: fold.index,
      trainRows: fold.trainRows.length,
      testRows: fold.testRows.length,
      purgedRows: fold.purgedRows,
      trainStart: fold.trainStart,
      trainEnd: fold.trainEnd,
      testStart: fold.testStart,
      testEnd: fold.testEnd,
      baseline,
      modelMetrics: metricsOf(labels, scores),
      baselineMetrics: metricsOf(labels, baselineScores),
      params: model.serialize(),
    };
  });

  const pooledLabels = Float64Array.from(pooledRows, (r) => dataset.labels[r]!);
  const interval = blockBootstrapDifference(
    { timestamps: Float64Array.from(pooledRows, (r) => dataset.timestamps[r]!), labels: pooledLabels, model: pooledModel, baseline: pooledBaseline },
    { seed, ...options.bootstrap, comparison },
  );
  return {
    task: dataset.task,
    predictionType: dataset.predictionType,
    horizon: dataset.horizon,
    folds: evaluations,
    pooled: { modelMetrics: metricsOf(pooledLabels, pooledModel), baselineMetrics: metricsOf(pooledLabels, pooledBaseline), rows: testCount },
    interval,
    outOfSample: { rows: pooledRows, model: pooledModel, baseline: pooledBaseline },
  };
}
