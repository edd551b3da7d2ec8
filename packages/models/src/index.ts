// models-core: datasets, labels, splits, scaling, metrics, evaluation, the model interface, logistic.
export { ModelInputError } from './errors/model-input-error.ts';
export { seededRandom, seededNormal } from './random/seeded-random.ts';
export { PREDICTION_TYPES, taskOf, assertHorizon, assertPredictionType, type PredictionType, type Task } from './labels/prediction-type.ts';
export { computeLabels } from './labels/compute-labels.ts';
export { validateFeatureFrame, type FeatureFrame } from './dataset/feature-frame.ts';
export { assembleDataset, type AssembleOptions, type Dataset } from './dataset/assemble-dataset.ts';
export { distinctTimes, type DistinctTimes } from './splits/distinct-times.ts';
export { walkForwardFolds, type Fold, type TimeIndexedRows, type WalkForwardOptions } from './splits/walk-forward.ts';
export { fitStandardScaler, applyStandardScaler, type StandardScaler } from './scaling/standard-scaler.ts';
export { averageRanks } from './metrics/ranks.ts';
export {
  accuracy,
  precision,
  recall,
  f1,
  rocAuc,
  logLoss,
  classificationMetrics,
  predictedClass,
  LOG_LOSS_EPSILON,
  type ClassificationMetrics,
} from './metrics/classification.ts';
export {
  meanAbsoluteError,
  meanSquaredError,
  rootMeanSquaredError,
  pearson,
  spearman,
  regressionMetrics,
  type RegressionMetrics,
} from './metrics/regression.ts';
export { fitBaseline, type Baseline } from './metrics/baselines.ts';
export { compareToBaseline, assertComparison, COMPARISONS_BY_TASK, DEFAULT_COMPARISON, type Comparison } from './evaluation/comparisons.ts';
export { blockBootstrapDifference, type BootstrapInterval, type BootstrapOptions, type PairedPredictions } from './evaluation/block-bootstrap.ts';
export {
  evaluateWalkForward,
  type FoldEvaluation,
  type TaskMetrics,
  type WalkForwardEvaluation,
  type WalkForwardEvaluationOptions,
} from './evaluation/walk-forward-evaluation.ts';
export {
  binaryConfidence,
  type Model,
  type ModelKind,
  type PredictionBatch,
  type RowPrediction,
  type SerializedModel,
  type TrainingInput,
} from './model.ts';
export { MODEL_KINDS, modelKind, loadModel } from './model-registry.ts';
export type { LogisticModelParams } from './logistic/logistic-params.ts';
export { LogisticModel, logisticModelKind, trainLogistic, type LogisticDiagnostics } from './logistic/logistic-model.ts';
export { DEFAULT_LOGISTIC_HYPERPARAMETERS, trainLogisticNewton, type LogisticHyperparameters } from './logistic/train-logistic.ts';
export { logisticObjective, sigmoid } from './logistic/logistic-objective.ts';

// gbdt: gradient-boosted trees on histogram-binned features (src/gbdt)
export * from './gbdt/index.ts';

// onnx/ — export trained parameters to ONNX and serve ONNX models through onnxruntime-node.
export { exportLogisticToOnnx } from './onnx/export-logistic.ts';
export { exportTreeEnsembleToOnnx } from './onnx/export-tree-ensemble.ts';
export { OnnxModel, type OnnxModelSignature, type OnnxOutputKind, type LoadOnnxOptions } from './onnx/onnx-model.ts';
export { inspectOnnx, assertOnnxInputWidth, type OnnxInspection } from './onnx/inspect-onnx.ts';
export { OnnxExportError } from './onnx/onnx-export-error.ts';
export { OnnxModelError } from './onnx/onnx-model-error.ts';
export { ONNX_INPUT_NAME, ONNX_LABEL_OUTPUT, ONNX_PROBABILITIES_OUTPUT, ONNX_VALUE_OUTPUT } from './onnx/onnx-names.ts';
