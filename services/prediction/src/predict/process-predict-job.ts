import { activeModels, isStorablePredictionValue, loadFeatureColumns, upsertPredictions, type PredictionInput } from '@mltrading/db';
import { MAX_EXECUTE_PREDICTIONS, type PayloadOf } from '@mltrading/queues';
import type { ServiceContext } from '@mltrading/service-kit';
import type { ModelCache, ServingModel } from './model-cache.ts';
import { predictionId } from './prediction-id.ts';

export type PredictPayload = PayloadOf<'predict'>;

export interface ModelOutcome {
  modelId: string;
  /** Bars read for the model. */
  bars: number;
  predicted: number;
  /** Bars skipped because a feature the model reads is missing (NULL), by feature. */
  skipped: number;
  missing: Record<string, number>;
  /** Bars whose forecast cannot be stored (NaN, ±Infinity, beyond DECIMAL(20,10)): skipped and logged. */
  unstorable: number;
  /** Set when the model was skipped as a whole (missing or corrupt artifact, …). */
  error?: string;
}

export interface PredictJobResult {
  models: ModelOutcome[];
  predictions: number;
  inserted: number;
  updated: number;
  skippedBars: number;
  failedModels: number;
  /** `execute` jobs enqueued after the commit. */
  executeJobIds: string[];
}

/**
 * The `predict` job: for the payload's bars of one symbol, every active model of the interval (read
 * per job, so a newly promoted model serves without a restart) reads only its own features, skips
 * bars with a missing one (counted per feature and logged), and predicts. All rows are upserted in
 * one transaction under deterministic prediction ids; after the commit `execute` is enqueued under
 * the job's correlation id (inherited from the job's context) with the new ids. A model whose
 * artifact cannot be loaded is skipped with a logged error; the others still predict.
 */
export async function processPredictJob(
  payload: PredictPayload,
  context: Pick<ServiceContext, 'db' | 'logger' | 'queues'>,
  cache: ModelCache,
): Promise<PredictJobResult> {
  const { db, logger } = context;
  const models = await activeModels(db, { interval: payload.interval });
  const outcomes: ModelOutcome[] = [];
  const rows: PredictionInput[] = [];
  const serving: { row: (typeof models)[number]; model: ServingModel; outcome: ModelOutcome }[] = [];
  for (const row of models) {
    const outcome: ModelOutcome = { modelId: row.model_id, bars: 0, predicted: 0, skipped: 0, missing: {}, unstorable: 0 };
    outcomes.push(outcome);
    try {
      serving.push({ row, model: await cache.get(db, row), outcome });
    } catch (error) {
      outcome.error = (error as Error).message;
      logger.error({ err: error, modelId: row.model_id, name: row.name, filePath: row.file_path }, `model ${row.model_id} skipped: its artifact cannot be loaded`);
    }
  }
  // One read of the union of the models' features (all columns in one query: a predict job reads
  // few bars), instead of a read per model; each model then takes only its own columns.
  const union = [...new Set(serving.flatMap((s) => s.model.featureNames))];
  const loaded =
    union.length === 0
      ? undefined
      : await loadFeatureColumns(db, {
          symbols: [payload.symbol],
          source: payload.source,
          features: union,
          batchColumns: union.length,
          ...(payload.timestamps !== undefined
            ? { timestamps: payload.timestamps.map((t) => new Date(t)) }
            : { from: new Date(payload.start!), to: new Date(payload.end!) }),
        });
  const columnOf = new Map(union.map((name, i) => [name, loaded!.columns[i]!]));
  for (const { row, model, outcome } of serving) {
    const frame = { rows: loaded!.rows, timestamps: loaded!.timestamps, columns: model.featureNames.map((name) => columnOf.get(name)!) };
    outcome.bars = frame.rows;
    const complete: number[] = [];
    for (let r = 0; r < frame.rows; r++) {
      let missing: string | undefined;
      for (let f = 0; f < frame.columns.length; f++) {
        if (!Number.isFinite(frame.columns[f]![r]!)) {
          missing = model.featureNames[f]!;
          break;
        }
      }
      if (missing === undefined) complete.push(r);
      else outcome.missing[missing] = (outcome.missing[missing] ?? 0) + 1;
    }
    outcome.skipped = frame.rows - complete.length;
    if (outcome.skipped > 0) {
      logger.warn({ modelId: row.model_id, symbol: payload.symbol, skipped: outcome.skipped, firstMissingFeature: outcome.missing }, `${outcome.skipped} bar(s) skipped: a feature the model reads is missing`);
    }
    if (complete.length === 0) continue;
    const columns = frame.columns.map((column) => Float64Array.from(complete, (r) => column[r]!));
    const predicted = await model.predict(columns);
    complete.forEach((r, i) => {
      if (!isStorablePredictionValue(predicted.value[i]!)) {
        outcome.unstorable++;
        return;
      }
      const timestamp = frame.timestamps[r]!;
      const inputs: Record<string, number> = {};
      model.featureNames.forEach((name, f) => (inputs[name] = columns[f]![i]!));
      const confidence = predicted.confidence[i]!;
      rows.push({
        prediction_id: predictionId(row.model_id, payload.symbol, timestamp, row.prediction_type ?? 'unknown'),
        model_id: row.model_id,
        symbol: payload.symbol,
        timestamp: new Date(timestamp),
        prediction_type: row.prediction_type ?? 'unknown',
        prediction_value: predicted.value[i]!,
        confidence: Math.min(1, Math.max(0, confidence)),
        features: inputs,
        correlation_id: payload.correlationId,
      });
    });
    outcome.predicted = complete.length - outcome.unstorable;
    if (outcome.unstorable > 0) {
      logger.error({ modelId: row.model_id, symbol: payload.symbol, unstorable: outcome.unstorable }, `${outcome.unstorable} forecast(s) of model ${row.model_id} skipped: not finite or beyond prediction_value's range`);
    }
  }

  const written = rows.length === 0 ? { inserted: 0, updated: 0 } : await db.transaction().execute((trx) => upsertPredictions(trx, rows));
  const executeJobIds: string[] = [];
  for (let i = 0; i < rows.length; i += MAX_EXECUTE_PREDICTIONS) {
    const ids = rows.slice(i, i + MAX_EXECUTE_PREDICTIONS).map((r) => r.prediction_id);
    const { jobId } = await context.queues.enqueue('execute', { predictionIds: ids, correlationId: payload.correlationId });
    executeJobIds.push(jobId);
  }
  return {
    models: outcomes,
    predictions: rows.length,
    inserted: written.inserted,
    updated: written.updated,
    skippedBars: outcomes.reduce((sum, o) => sum + o.skipped, 0),
    failedModels: outcomes.filter((o) => o.error !== undefined).length,
    executeJobIds,
  };
}
