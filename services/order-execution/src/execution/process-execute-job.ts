import { predictionsByIds, type Database } from '@mltrading/db';
import type { PayloadOf } from '@mltrading/queues';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ExecutionSettings } from './execution-settings.ts';
import { executePrediction, type PredictionOutcome } from './execute-prediction.ts';

export interface ExecuteJobResult {
  readonly outcomes: PredictionOutcome[];
  /** Ids in the payload with no stored prediction. */
  readonly missing: string[];
}

/** An `execute` job: each prediction in time order, one after the other (positions build on each other). */
export async function processExecuteJob(
  payload: PayloadOf<'execute'>,
  deps: { db: Kysely<Database>; settings: ExecutionSettings; logger: Logger },
): Promise<ExecuteJobResult> {
  const predictions = await predictionsByIds(deps.db, payload.predictionIds);
  const found = new Set(predictions.map((p) => p.prediction_id));
  const missing = payload.predictionIds.filter((id) => !found.has(id));
  if (missing.length > 0) deps.logger.warn({ missing: missing.slice(0, 20), count: missing.length }, 'execute: predictions not found');
  const outcomes: PredictionOutcome[] = [];
  for (const prediction of predictions) {
    outcomes.push(await executePrediction({ ...deps, correlationId: payload.correlationId }, prediction));
  }
  return { outcomes, missing };
}
