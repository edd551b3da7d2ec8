import { activeModels, newestFeatureTimestamp } from '@mltrading/db';
import { FEATURE_VERSION } from '@mltrading/features';
import { newCorrelationId } from '@mltrading/logging';
import { trainPayloadSchema, type PayloadInput } from '@mltrading/queues';
import type { ServiceContext } from '@mltrading/service-kit';

export interface RetrainResult {
  correlationId: string;
  jobIds: string[];
  skipped: { modelId: string; reason: string }[];
}

const INTERVAL_MS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '1d': 86_400_000 };

/**
 * Retraining on a rolling window: every active model trained by the train job gets a `train` job
 * with its own name, kind, type, universe, features, hyperparameters, horizon, embargo, seed and
 * promotion rule, over a window of the same length ending at the last whole bar before `now`. The
 * new model replaces the active one only if it passes the same rule. The window end is aligned to
 * the interval, so replicas (or a repeated run) build the same job id and BullMQ adds it once.
 * A model is skipped, with the reason, when its universe has no feature row in the new window (the
 * first run at start-up on an empty database) or none since its own window ended (the same data
 * would give the same model): nothing to learn from is no reason to train.
 */
export async function retrainActiveModels(
  context: Pick<ServiceContext, 'db' | 'queues'>,
  now: Date = new Date(),
): Promise<RetrainResult> {
  const correlationId = newCorrelationId();
  const result: RetrainResult = { correlationId, jobIds: [], skipped: [] };
  for (const model of await activeModels(context.db)) {
    const p = (model.parameters ?? {}) as Record<string, unknown>;
    const window = p['window'] as { start?: string; end?: string } | undefined;
    if (model.interval === null || window?.start === undefined || window.end === undefined || !Array.isArray(p['symbols'])) {
      result.skipped.push({ modelId: model.model_id, reason: 'not trained by the train job (no window or universe recorded)' });
      continue;
    }
    const length = Date.parse(window.end) - Date.parse(window.start);
    const step = INTERVAL_MS[model.interval] ?? 3_600_000;
    const end = Math.floor(now.getTime() / step) * step;
    const input = {
      name: model.name,
      kind: p['kind'],
      predictionType: model.prediction_type,
      symbols: p['symbols'],
      interval: model.interval,
      source: p['source'],
      start: new Date(end - length).toISOString(),
      end: new Date(end).toISOString(),
      horizon: p['horizon'],
      embargo: p['embargo'],
      features: p['features'],
      hyperparameters: p['hyperparameters'],
      seed: p['seed'],
      folds: p['folds'],
      promoteAbove: p['promoteAbove'],
      correlationId,
    };
    const newest = await newestFeatureTimestamp(context.db, {
      symbols: p['symbols'] as string[],
      source: typeof p['source'] === 'string' ? p['source'] : 'yahoo',
      featureVersion: typeof p['featureVersion'] === 'string' ? p['featureVersion'] : FEATURE_VERSION,
      before: new Date(end),
    });
    if (newest === null || newest.getTime() < end - length) {
      result.skipped.push({ modelId: model.model_id, reason: `no feature rows of its ${(p['symbols'] as unknown[]).length} symbol(s) in [${input.start}, ${input.end})` });
      continue;
    }
    if (newest.getTime() < Date.parse(window.end)) {
      result.skipped.push({ modelId: model.model_id, reason: `no new bars since its training window ended at ${window.end} (newest feature row ${newest.toISOString()})` });
      continue;
    }
    const parsed = trainPayloadSchema.safeParse(input);
    if (!parsed.success) {
      result.skipped.push({ modelId: model.model_id, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      continue;
    }
    const { jobId } = await context.queues.enqueue('train', input as PayloadInput<'train'>);
    result.jobIds.push(jobId);
  }
  return result;
}
