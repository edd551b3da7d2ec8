import { activeModels, featureRowsWithoutPrediction } from '@mltrading/db';
import { newCorrelationId } from '@mltrading/logging';
import { MAX_PREDICT_TIMESTAMPS, predictPayloadSchema, type PayloadInput } from '@mltrading/queues';
import type { PredictionConfig } from '@mltrading/config';
import type { ServiceContext } from '@mltrading/service-kit';

export interface PredictionSweepResult {
  correlationId: string;
  models: number;
  /** Feature rows found without a prediction of an active model. */
  missing: number;
  /** `predict` jobs added (ids deterministic: a job still queued is not added twice). */
  jobIds: string[];
  /** Models left out, with the reason (e.g. an interval or source the contract does not know). */
  skippedModels: { modelId: string; reason: string }[];
}

export interface SweepPredictionsOptions {
  correlationId?: string;
  /** Oldest bar time looked at; default now − PREDICTION_SWEEP_LOOKBACK_MS. */
  since?: Date;
  /** Rows per model and sweep (default 50,000). */
  limit?: number;
}

/**
 * For every active model: the feature rows of its interval and source (from `since` on) that have
 * every feature the model reads and no prediction of it, queued again as `predict` jobs of up to
 * 5,000 bar times per symbol under one correlation id of the sweep's own. The job ids derive from
 * the bar times, so two replicas sweeping at once add each job once.
 */
export async function sweepPredictions(
  context: Pick<ServiceContext<PredictionConfig>, 'config' | 'db' | 'queues' | 'logger'>,
  options: SweepPredictionsOptions = {},
): Promise<PredictionSweepResult> {
  const correlationId = options.correlationId ?? newCorrelationId();
  const since = options.since ?? new Date(Date.now() - context.config.predictionSweepLookbackMs);
  const models = await activeModels(context.db);
  const result: PredictionSweepResult = { correlationId, models: models.length, missing: 0, jobIds: [], skippedModels: [] };
  const inputs: PayloadInput<'predict'>[] = [];
  const planned = new Set<string>();
  for (const model of models) {
    const parameters = (model.parameters ?? {}) as { features?: string[]; source?: string };
    const source = parameters.source ?? 'yahoo';
    if (model.interval === null || !Array.isArray(parameters.features)) {
      result.skippedModels.push({ modelId: model.model_id, reason: 'no interval or feature list recorded' });
      continue;
    }
    const rows = await featureRowsWithoutPrediction(context.db, {
      modelId: model.model_id,
      since,
      source,
      requireFeatures: parameters.features,
      limit: options.limit ?? 50_000,
    });
    result.missing += rows.length;
    const bySymbol = new Map<string, string[]>();
    for (const row of rows) {
      const list = bySymbol.get(row.symbol) ?? [];
      list.push(row.timestamp.toISOString());
      bySymbol.set(row.symbol, list);
    }
    for (const [symbol, timestamps] of bySymbol) {
      for (let i = 0; i < timestamps.length; i += MAX_PREDICT_TIMESTAMPS) {
        const chunk = timestamps.slice(i, i + MAX_PREDICT_TIMESTAMPS);
        // Several models missing the same bars make one job: the job predicts every active model.
        const key = `${source}|${model.interval}|${symbol}|${chunk.join(',')}`;
        if (planned.has(key)) continue;
        planned.add(key);
        const input = { symbol, interval: model.interval, source, timestamps: chunk, correlationId };
        const parsed = predictPayloadSchema.safeParse(input);
        if (!parsed.success) {
          result.skippedModels.push({ modelId: model.model_id, reason: parsed.error.issues.map((i) => i.message).join('; ') });
          break;
        }
        inputs.push(input as PayloadInput<'predict'>);
      }
    }
  }
  if (inputs.length > 0) {
    const added = await context.queues.enqueueBulk('predict', inputs);
    result.jobIds = added.map((a) => a.jobId);
  }
  return result;
}
