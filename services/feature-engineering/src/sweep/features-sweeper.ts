import { createRedisConnection } from '@mltrading/queues';
import type { ServiceContext, ServiceTask } from '@mltrading/service-kit';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { sweepFeatures, type FeaturesSweepResult } from './sweep-features.ts';

/**
 * The sweep's own queue (like `features-maintenance`, nothing else produces or consumes it). A queue
 * apart from the dashboard's, so a long view refresh never delays a sweep and neither worker has to
 * tell the other's jobs apart.
 */
export const SWEEP_QUEUE = 'features-sweep';
export const SWEEP_JOB = 'sweep';
export const SWEEP_SCHEDULER_ID = 'features-sweep-periodic';

export interface FeaturesSweepData {
  reason: 'schedule' | 'manual';
}

/** What a sweep job returns (ids capped, so a large recovery does not bloat Redis). */
export interface FeaturesSweepSummary {
  correlationId: string;
  behind: number;
  enqueued: number;
  alreadyQueued: number;
  pending: number;
  refused: number;
  jobIds: string[];
  ms: number;
}

export interface FeaturesSweeperOptions {
  /** Overrides FEATURES_SWEEP_EVERY_MS. */
  readonly everyMs: number;
}

/**
 * Runs the features sweep from a BullMQ job scheduler every FEATURES_SWEEP_EVERY_MS. Every replica
 * upserts the same scheduler id, so there is one schedule however many run; its first job runs at
 * once (BullMQ's `every`), so a sweep follows the first start. One sweep at a time per replica.
 */
export class FeaturesSweeper {
  private connection: Redis | undefined;
  private queue: Queue<FeaturesSweepData> | undefined;
  private worker: Worker<FeaturesSweepData> | undefined;

  constructor(private readonly overrides: Partial<FeaturesSweeperOptions> = {}) {}

  /** The sweeper as a service task: started after the workers, stopped right after their drain. */
  asTask(): ServiceTask {
    return {
      name: 'features sweeper',
      start: async (context) => {
        await this.start(context);
        return { stop: () => this.close() };
      },
    };
  }

  async start(context: Pick<ServiceContext, 'config' | 'db' | 'logger' | 'queues'>): Promise<void> {
    const { config } = context;
    const everyMs = this.overrides.everyMs ?? config.featuresSweepEveryMs;
    const log = context.logger.child({ queue: SWEEP_QUEUE });
    this.connection = createRedisConnection(config.redisUrl, 'worker');
    this.connection.on('error', (err) => log.warn({ err }, 'redis connection error (features sweeper)'));
    this.queue = new Queue<FeaturesSweepData>(SWEEP_QUEUE, { connection: this.connection, prefix: config.queuePrefix });
    this.queue.on('error', (err) => log.error({ err }, 'queue error'));
    await this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: everyMs },
      { name: SWEEP_JOB, data: { reason: 'schedule' }, opts: { removeOnComplete: 100, removeOnFail: 1000 } },
    );
    this.worker = new Worker<FeaturesSweepData>(
      SWEEP_QUEUE,
      async (job: Job<FeaturesSweepData>): Promise<FeaturesSweepSummary> => {
        const began = performance.now();
        const result = await sweepFeatures(context);
        const summary = summarize(result, Math.round(performance.now() - began));
        // Enqueued work is work the queues lost (or a hand-off not yet made): worth a warning.
        const level = summary.enqueued > 0 || summary.refused > 0 ? 'warn' : 'info';
        log[level]({ reason: job.data.reason, ...summary, refusedRows: result.refused, alreadyQueuedJobs: result.alreadyQueued.slice(0, 20) }, 'features sweep');
        return summary;
      },
      { connection: this.connection, prefix: config.queuePrefix, concurrency: 1 },
    );
    this.worker.on('error', (err) => log.error({ err }, 'worker error'));
    this.worker.on('failed', (job, err) => log.error({ err, jobId: job?.id }, 'features sweep failed'));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    await this.connection?.quit();
  }
}

export function summarize(result: FeaturesSweepResult, ms: number): FeaturesSweepSummary {
  return {
    correlationId: result.correlationId,
    behind: result.behind,
    enqueued: result.enqueued.length,
    alreadyQueued: result.alreadyQueued.length,
    pending: result.pending,
    refused: result.refused.length,
    jobIds: result.enqueued.slice(0, 50).map((j) => j.jobId),
    ms,
  };
}
