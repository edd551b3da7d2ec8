import { applyRetention, rollRecentFeaturesIndexIfDue } from '@mltrading/db';
import { createRedisConnection } from '@mltrading/queues';
import type { ServiceTask } from '@mltrading/service-kit';
import { Queue, Worker } from 'bullmq';

/** The sink's private maintenance queue (not a pipeline contract: nothing else produces to it). */
export const MAINTENANCE_QUEUE = 'log-sink-maintenance';
export const RETENTION_SCHEDULER_ID = 'retention';
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * Registers an hourly BullMQ job scheduler (idempotent: every replica upserts the same scheduler,
 * BullMQ keeps one) and a worker that applies the retention policy in small batches and keeps the
 * recent-features index's cutoff current. Concurrency 1
 * and one scheduler id mean one run at a time across all replicas.
 */
export function retentionTask(options: { everyMs?: number; batchSize?: number } = {}): ServiceTask {
  return {
    name: 'retention scheduler',
    async start(context) {
      const connection = createRedisConnection(context.config.redisUrl, 'worker');
      connection.on('error', (err) => context.logger.warn({ err }, 'redis connection error (retention)'));
      const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix: context.config.queuePrefix });
      queue.on('error', (err) => context.logger.warn({ err }, 'maintenance queue error'));
      await queue.upsertJobScheduler(
        RETENTION_SCHEDULER_ID,
        { every: options.everyMs ?? RETENTION_EVERY_MS },
        { name: 'retention', data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
      );
      const worker = new Worker(
        MAINTENANCE_QUEUE,
        async () => {
          const results = await applyRetention(context.db, { batchSize: options.batchSize ?? 5_000, pauseMs: 50 });
          const removed = Object.fromEntries(results.filter((r) => r.keep !== null).map((r) => [r.table, r.rows]));
          // The recent-features index has a constant cutoff (index predicates must be immutable):
          // move it forward here, at most once a day, so it keeps covering the last 90 days only.
          const recentIndexCutoff = await rollRecentFeaturesIndexIfDue(context.db);
          context.logger.info({ module: 'retention', removed, recentIndexCutoff }, 'retention applied');
          return { removed, recentIndexCutoff };
        },
        { connection, prefix: context.config.queuePrefix, concurrency: 1, lockDuration: 120_000 },
      );
      worker.on('error', (err) => context.logger.warn({ err }, 'retention worker error'));
      worker.on('failed', (_job, err) => context.logger.error({ err, module: 'retention' }, 'retention run failed'));
      return {
        async stop() {
          await worker.close();
          await queue.close();
          await connection.quit();
        },
      };
    },
  };
}
