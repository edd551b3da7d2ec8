import { createHash } from 'node:crypto';
import { loadFeatureColumns, promoteModel, registerModel, storeArtifact, type JsonValue, type Model as ModelRow } from '@mltrading/db';
import { FEATURE_VERSION } from '@mltrading/features';
import { modelKind } from '@mltrading/models';
import { compactTimestamp, DEFAULT_HYPERPARAMETERS, TRAINABLE_FEATURES, type PayloadOf } from '@mltrading/queues';
import type { ServiceContext } from '@mltrading/service-kit';
import { UnrecoverableError } from 'bullmq';
import { labelDefinition } from './label-definition.ts';
import { isModelInputProblem } from './fit-model.ts';
import type { EvaluationSummary } from './summarize-evaluation.ts';
import { trainInThread } from './train-in-thread.ts';

export type TrainPayload = PayloadOf<'train'>;

export interface TrainProgress {
  stage: 'loading' | 'evaluating' | 'fitting' | 'storing' | 'done';
  percent: number;
}

export interface TrainJobResult {
  modelId: string;
  name: string;
  status: ModelRow['status'];
  promoted: boolean;
  /** The model this one replaced as the active model of its name. */
  retiredModelId: string | null;
  /** Why it was or was not promoted. */
  promotion: string;
  artifact: { json: string; onnx: string };
  rows: { loaded: number; dataset: number };
  interval: EvaluationSummary['interval'];
  ms: number;
}

/**
 * The `train` job: load the universe's features for the window in column batches, label from future
 * closes within the window, evaluate walk-forward out of sample against the naive baseline (block
 * bootstrap interval of the difference), fit the final model on every labelled row, store its params
 * (JSON) and ONNX export content-addressed, register it, and promote it in the same transaction when
 * the interval's lower end beats the rule. Bad input is refused without retries and writes nothing.
 */
export async function processTrainJob(
  payload: TrainPayload,
  context: Pick<ServiceContext, 'db' | 'logger'>,
  reportProgress: (progress: TrainProgress) => Promise<void> = async () => undefined,
): Promise<TrainJobResult> {
  const began = performance.now();
  const { db } = context;
  unrecoverable(() => modelKind(payload.kind)); // an unknown kind fails before any data is read
  const features = payload.features === 'all' ? [...TRAINABLE_FEATURES] : [...payload.features];
  const hyperparameters: Record<string, unknown> = { ...DEFAULT_HYPERPARAMETERS[payload.kind], ...payload.hyperparameters };
  const embargo = payload.embargo ?? payload.horizon;

  await reportProgress({ stage: 'loading', percent: 5 });
  const frame = await loadFeatureColumns(db, {
    symbols: payload.symbols,
    source: payload.source,
    features,
    from: new Date(payload.start),
    to: new Date(payload.end),
  });
  if (frame.rows === 0) {
    throw new UnrecoverableError(
      `no feature rows for ${payload.symbols.length} symbol(s) of source ${payload.source} in [${payload.start}, ${payload.end}) (feature version ${FEATURE_VERSION})`,
    );
  }
  // The CPU-bound part (labels, walk-forward evaluation, final fit, ONNX export) runs in a worker
  // thread: this event loop stays free for predict jobs and lock renewals meanwhile.
  // Progress is reported in order but never fails the job (it is informational).
  let progress = Promise.resolve();
  const report = (next: TrainProgress) =>
    (progress = progress.then(() => reportProgress(next)).catch((err: unknown) => context.logger.warn({ err, stage: next.stage }, 'train progress not reported')));
  report({ stage: 'evaluating', percent: 20 });
  const fitted = await trainInThread(
    {
      kind: payload.kind,
      predictionType: payload.predictionType,
      horizon: payload.horizon,
      embargo,
      folds: payload.folds,
      seed: payload.seed,
      hyperparameters,
      featureNames: features,
      columns: frame.columns,
      symbolIndex: frame.symbolIndex,
      timestamps: frame.timestamps,
      close: frame.close,
    },
    (stage) => {
      if (stage === 'fitting') report({ stage: 'fitting', percent: 70 });
    },
  );
  report({ stage: 'storing', percent: 90 });
  await progress;
  const summary = fitted.summary;
  const jsonBytes = fitted.json;
  const onnxBytes = fitted.onnx;
  const lower = summary.interval.lower;
  const promote = payload.promoteAbove !== null && Number.isFinite(lower) && lower > payload.promoteAbove;
  const promotion =
    payload.promoteAbove === null
      ? 'not promoted: the job asked for no promotion'
      : `${promote ? 'promoted' : 'not promoted'}: lower end of the ${summary.interval.comparison} interval ${lower} ${promote ? '>' : '≤'} ${payload.promoteAbove}`;

  const outcome = await db.transaction().execute(async (trx) => {
    const json = await storeArtifact(trx, jsonBytes, 'json');
    const onnx = await storeArtifact(trx, onnxBytes, 'onnx');
    const parameters = {
      kind: payload.kind,
      hyperparameters,
      features,
      featureVersion: FEATURE_VERSION,
      label: labelDefinition(payload.predictionType, payload.horizon),
      horizon: payload.horizon,
      embargo,
      window: { start: payload.start, end: payload.end },
      symbols: payload.symbols,
      source: payload.source,
      seed: payload.seed,
      folds: payload.folds,
      promoteAbove: payload.promoteAbove,
      rows: { loaded: frame.rows, dataset: fitted.datasetRows },
      artifacts: { json: json.uri, onnx: onnx.uri },
    };
    const modelId = `m-${createHash('sha256').update(JSON.stringify([payload.name, json.sha256, parameters])).digest('hex').slice(0, 32)}`;
    const registered = await registerModel(trx, {
      modelId,
      name: payload.name,
      version: compactTimestamp(payload.end),
      modelType: payload.kind,
      predictionType: payload.predictionType,
      interval: payload.interval,
      parameters: toJson(parameters),
      metrics: toJson({ ...summary, promotion }),
      filePath: json.uri,
    });
    if (!promote) return { model: registered, retired: null, json, onnx };
    const { promoted, retired } = await promoteModel(trx, modelId);
    return { model: promoted, retired, json, onnx };
  });

  await reportProgress({ stage: 'done', percent: 100 });
  const result: TrainJobResult = {
    modelId: outcome.model.model_id,
    name: payload.name,
    status: outcome.model.status,
    promoted: promote,
    retiredModelId: outcome.retired?.model_id ?? null,
    promotion,
    artifact: { json: outcome.json.uri, onnx: outcome.onnx.uri },
    rows: { loaded: frame.rows, dataset: fitted.datasetRows },
    interval: summary.interval,
    ms: Math.round(performance.now() - began),
  };
  context.logger.info({ ...result }, `model ${result.modelId} trained (${promotion})`);
  return result;
}

/** Model input problems (an unknown kind, …) do not go away on a retry. */
function unrecoverable<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isModelInputProblem(error)) throw new UnrecoverableError(`train refused: ${error.message}`);
    throw error;
  }
}

/** A plain JSON value (NaN and ±Infinity, e.g. an undefined ROC AUC, become null as in JSON). */
function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
