import type { PredictionConfig } from '@mltrading/config';
import { predictionSweepQueue, type MaintenanceDataOf } from '@mltrading/queues';
import { startScheduledQueue, type ServiceTask } from '@mltrading/service-kit';
import { sweepPredictions } from './sweep-predictions.ts';

/** The sweep's own queue (contract in @mltrading/queues): nothing else produces to or consumes it. */
export const PREDICTION_SWEEP_QUEUE = predictionSweepQueue.name;
export const PREDICTION_SWEEP_JOB = predictionSweepQueue.jobName;
export const PREDICTION_SWEEP_SCHEDULER_ID = predictionSweepQueue.schedulerId;

export interface PredictionSweepTaskOptions {
  /** Overrides PREDICTION_SWEEP_EVERY_MS. */
  readonly everyMs: number;
}

/** Runs sweepPredictions every PREDICTION_SWEEP_EVERY_MS: one schedule however many replicas run. */
export function predictionSweepTask(overrides: Partial<PredictionSweepTaskOptions> = {}): ServiceTask<PredictionConfig> {
  return {
    name: 'prediction sweeper',
    start: (context) =>
      startScheduledQueue<MaintenanceDataOf<'prediction-sweep'>>(context, {
        queueName: PREDICTION_SWEEP_QUEUE,
        schema: predictionSweepQueue.schema,
        schedulerId: PREDICTION_SWEEP_SCHEDULER_ID,
        everyMs: overrides.everyMs ?? context.config.predictionSweepEveryMs,
        jobName: PREDICTION_SWEEP_JOB,
        data: { reason: 'schedule' },
        async process() {
          const began = performance.now();
          const result = await sweepPredictions(context);
          const summary = { ...result, jobIds: result.jobIds.slice(0, 50), jobs: result.jobIds.length, ms: Math.round(performance.now() - began) };
          context.logger[result.jobIds.length > 0 ? 'warn' : 'info']({ queue: PREDICTION_SWEEP_QUEUE, ...summary }, 'prediction sweep');
          return summary;
        },
      }),
  };
}
