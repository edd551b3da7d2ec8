import { sweepFeatures, type FeaturesSweepResult } from '@mltrading/operations';
import { featuresSweepQueue, type MaintenanceDataOf } from '@mltrading/queues';
import type { FeatureEngineeringConfig } from '@mltrading/config';
import { startScheduledQueue, type ServiceTask } from '@mltrading/service-kit';

/**
 * The sweep's own queue (contract in @mltrading/queues). A queue apart from the dashboard's, so a
 * long view refresh never delays a sweep and neither worker has to tell the other's jobs apart.
 */
export const SWEEP_QUEUE = featuresSweepQueue.name;
export const SWEEP_JOB = featuresSweepQueue.jobName;
export const SWEEP_SCHEDULER_ID = featuresSweepQueue.schedulerId;

export type FeaturesSweepData = MaintenanceDataOf<'features-sweep'>;

/** What a sweep job returns (ids capped, so a large recovery does not bloat Redis). */
export interface FeaturesSweepSummary {
  correlationId: string;
  behind: number;
  enqueued: number;
  alreadyQueued: number;
  /** Failed jobs under the same id, moved back to waiting. */
  retried: number;
  pending: number;
  refused: number;
  jobIds: string[];
  ms: number;
}

export interface FeaturesSweepTaskOptions {
  /** Overrides FEATURES_SWEEP_EVERY_MS. */
  readonly everyMs: number;
}

/**
 * Runs the features sweep from a BullMQ job scheduler every FEATURES_SWEEP_EVERY_MS: one schedule
 * however many replicas run, each sweep taken by one of them. Its first job runs at once (BullMQ's
 * `every`), so a sweep follows the first start.
 */
export function featuresSweepTask(overrides: Partial<FeaturesSweepTaskOptions> = {}): ServiceTask<FeatureEngineeringConfig> {
  return {
    name: 'features sweeper',
    start: (context) =>
      startScheduledQueue<FeaturesSweepData>(context, {
        queueName: SWEEP_QUEUE,
        schema: featuresSweepQueue.schema,
        schedulerId: SWEEP_SCHEDULER_ID,
        everyMs: overrides.everyMs ?? context.config.featuresSweepEveryMs,
        jobName: SWEEP_JOB,
        data: { reason: 'schedule' },
        async process(job): Promise<FeaturesSweepSummary> {
          const began = performance.now();
          const result = await sweepFeatures(context);
          const summary = summarize(result, Math.round(performance.now() - began));
          // Enqueued work is work the queues lost (or a hand-off not yet made): worth a warning.
          const level = summary.enqueued > 0 || summary.retried > 0 || summary.refused > 0 ? 'warn' : 'info';
          context.logger[level](
            { queue: SWEEP_QUEUE, reason: job.data.reason, ...summary, refusedRows: result.refused, alreadyQueuedJobs: result.alreadyQueued.slice(0, 20) },
            'features sweep',
          );
          return summary;
        },
      }),
  };
}

export function summarize(result: FeaturesSweepResult, ms: number): FeaturesSweepSummary {
  return {
    correlationId: result.correlationId,
    behind: result.behind,
    enqueued: result.enqueued.length,
    alreadyQueued: result.alreadyQueued.length,
    retried: result.retried.length,
    pending: result.pending,
    refused: result.refused.length,
    jobIds: result.enqueued.slice(0, 50).map((j) => j.jobId),
    ms,
  };
}
