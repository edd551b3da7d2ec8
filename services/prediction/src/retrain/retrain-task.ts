import type { PredictionConfig } from '@mltrading/config';
import { predictionRetrainQueue, type MaintenanceDataOf } from '@mltrading/queues';
import { startScheduledQueue, type ServiceTask } from '@mltrading/service-kit';
import { retrainActiveModels } from './retrain-active-models.ts';

/** The service's own queue (contract in @mltrading/queues: nothing else produces to it). */
export const RETRAIN_QUEUE = predictionRetrainQueue.name;
export const RETRAIN_JOB = predictionRetrainQueue.jobName;
export const RETRAIN_SCHEDULER_ID = predictionRetrainQueue.schedulerId;

/**
 * Enqueues a rolling-window `train` job for every active model every PREDICTION_RETRAIN_EVERY_MS
 * (weekly by default). BullMQ's `every` runs the first job at start-up; the train job ids are aligned
 * to the bar, so a restart within the same bar adds nothing twice, and a model without new data (an
 * empty database at first start) is skipped with the reason logged instead of trained.
 */
export function retrainTask(overrides: { everyMs?: number } = {}): ServiceTask<PredictionConfig> {
  return {
    name: 'model retrainer',
    start: (context) =>
      startScheduledQueue<MaintenanceDataOf<'prediction-retrain'>>(context, {
        queueName: RETRAIN_QUEUE,
        schema: predictionRetrainQueue.schema,
        schedulerId: RETRAIN_SCHEDULER_ID,
        everyMs: overrides.everyMs ?? context.config.predictionRetrainEveryMs,
        jobName: RETRAIN_JOB,
        data: { reason: 'schedule' },
        async process() {
          const result = await retrainActiveModels(context);
          const skipped = result.skipped.length === 0 ? '' : `, ${result.skipped.length} model(s) skipped: ${result.skipped.map((s) => `${s.modelId} (${s.reason})`).join('; ')}`;
          const none = result.jobIds.length === 0 && result.skipped.length === 0 ? ' (no active model)' : '';
          context.logger.info({ queue: RETRAIN_QUEUE, ...result }, `retraining: ${result.jobIds.length} train job(s) enqueued${none}${skipped}`);
          return result;
        },
      }),
  };
}
