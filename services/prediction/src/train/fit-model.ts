import {
  assembleDataset,
  evaluateWalkForward,
  exportLogisticToOnnx,
  exportTreeEnsembleToOnnx,
  GbdtInputError,
  ModelInputError,
  modelKind,
  type LogisticModelParams,
  type PredictionType,
  type TreeEnsembleParams,
} from '@mltrading/models';
import { summarizeEvaluation, type EvaluationSummary } from './summarize-evaluation.ts';

/** Everything the CPU-bound part of a train job needs: plain values and typed arrays (transferable). */
export interface FitInput {
  kind: 'logistic' | 'gbdt';
  predictionType: PredictionType;
  horizon: number;
  embargo: number;
  folds: number;
  seed: number;
  hyperparameters: Record<string, unknown>;
  featureNames: string[];
  columns: Float64Array[];
  symbolIndex: Int32Array;
  timestamps: Float64Array;
  close: Float64Array;
}

export interface FitOutput {
  /** Rows left after labelling and dropping rows with a missing feature or label. */
  datasetRows: number;
  summary: EvaluationSummary;
  /** The final model's serialized params (UTF-8 JSON) and their ONNX export. */
  json: Uint8Array;
  onnx: Uint8Array;
}

export type FitStage = 'evaluating' | 'fitting';

/**
 * Dataset → walk-forward evaluation against the naive baseline → final fit on every labelled row →
 * serialized params and ONNX export. Pure computation (no I/O): the train job runs it in a worker
 * thread (train-in-thread.ts) so the process's event loop keeps serving predict jobs.
 */
export function fitModel(input: FitInput, onStage: (stage: FitStage) => void = () => undefined): FitOutput {
  const kind = modelKind(input.kind);
  const dataset = assembleDataset(
    { featureNames: input.featureNames, columns: input.columns, symbolIndex: input.symbolIndex, timestamps: input.timestamps, close: input.close },
    { predictionType: input.predictionType, horizon: input.horizon },
  );
  onStage('evaluating');
  const evaluation = evaluateWalkForward(dataset, {
    kind,
    hyperparameters: input.hyperparameters,
    seed: input.seed,
    folds: { folds: input.folds, embargo: input.embargo },
  });
  onStage('fitting');
  const allRows = new Int32Array(dataset.rows);
  for (let i = 0; i < allRows.length; i++) allRows[i] = i;
  const final = kind.train(
    { featureNames: dataset.featureNames, columns: dataset.columns, labels: dataset.labels, rows: allRows, task: dataset.task, seed: input.seed },
    input.hyperparameters,
  );
  const params = final.serialize();
  const onnx = input.kind === 'logistic' ? exportLogisticToOnnx(params as LogisticModelParams) : exportTreeEnsembleToOnnx(params as TreeEnsembleParams);
  return { datasetRows: dataset.rows, summary: summarizeEvaluation(evaluation), json: new TextEncoder().encode(JSON.stringify(params)), onnx };
}

/** Model input problems (too little data for the folds, one class only, …) do not go away on a retry. */
export function isModelInputProblem(error: unknown): error is Error {
  return error instanceof ModelInputError || error instanceof GbdtInputError || (error instanceof Error && error.name.endsWith('ExportError'));
}
