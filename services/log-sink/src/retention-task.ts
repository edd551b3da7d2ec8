import { applyRetention, rollRecentFeaturesIndexIfDue } from '@mltrading/db';
import { logSinkMaintenanceQueue } from '@mltrading/queues';
import { startScheduledQueue, type ServiceTask } from '@mltrading/service-kit';

/** The sink's own maintenance queue (contract in @mltrading/queues: nothing else produces to it). */
export const MAINTENANCE_QUEUE = logSinkMaintenanceQueue.name;
export const RETENTION_SCHEDULER_ID = logSinkMaintenanceQueue.schedulerId;
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * An hourly scheduled job (one schedule across replicas, each run taken by one) that applies the
 * retention policy in small batches and keeps the recent-features index's cutoff current.
 */
export function retentionTask(options: { everyMs?: number; batchSize?: number } = {}): ServiceTask {
  return {
    name: 'retention scheduler',
    async start(context) {
      return startScheduledQueue(context, {
        queueName: MAINTENANCE_QUEUE,
        schema: logSinkMaintenanceQueue.schema,
        schedulerId: RETENTION_SCHEDULER_ID,
        everyMs: options.everyMs ?? RETENTION_EVERY_MS,
        jobName: logSinkMaintenanceQueue.jobName,
        data: {},
        keep: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        lockDuration: 120_000,
        async process() {
          const results = await applyRetention(context.db, { batchSize: options.batchSize ?? 5_000, pauseMs: 50 });
          const removed = Object.fromEntries(results.filter((r) => r.keep !== null).map((r) => [r.table, r.rows]));
          // The recent-features index has a constant cutoff (index predicates must be immutable):
          // move it forward here, at most once a day, so it keeps covering the last 90 days only.
          const recentIndexCutoff = await rollRecentFeaturesIndexIfDue(context.db);
          context.logger.info({ module: 'retention', removed, recentIndexCutoff }, 'retention applied');
          return { removed, recentIndexCutoff };
        },
      });
    },
  };
}
