import type { BaseConfig } from '@mltrading/config';
import { createRedisConnection } from '@mltrading/queues';
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface ScheduledQueueOptions<Data> {
  /** A queue of the service alone: not a pipeline contract, nothing else produces to it. */
  readonly queueName: string;
  /** The queue's data schema (its contract in @mltrading/queues): a job that fails it fails at once, without retries. */
  readonly schema?: { safeParse(data: unknown): { success: true; data: Data } | { success: false; error: { message: string } } };
  readonly schedulerId: string;
  readonly everyMs: number;
  /** Name and data of the scheduled jobs. */
  readonly jobName: string;
  readonly data: Data;
  /** Removal of the scheduled runs (default: the last 100 completed and 1,000 failed are kept). */
  readonly keep?: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'>;
  readonly lockDuration?: number;
  /** Runs each job of the queue, scheduled or added by the service itself. */
  process(job: Job<Data>, token?: string): Promise<unknown>;
}

export interface ScheduledQueue {
  readonly queue: Queue;
  readonly worker: Worker;
  /** Closes the worker (waiting for a running job), then the queue and the connection. */
  stop(): Promise<void>;
}

/**
 * A service's own periodic work: a BullMQ job scheduler on a private queue and a worker of
 * concurrency 1 on a connection of its own. Every replica upserts the same scheduler id, which
 * BullMQ keeps once, so there is one schedule however many replicas run, and each run is one job
 * that one replica takes. (A run longer than the period can overlap the next one on another
 * replica: the work must be idempotent, as sweeps, refreshes and retention are.) Connection,
 * queue and worker errors are logged, never left unheard.
 */
export async function startScheduledQueue<Data>(
  context: { readonly config: Pick<BaseConfig, 'redisUrl' | 'queuePrefix'>; readonly logger: Logger },
  options: ScheduledQueueOptions<Data>,
): Promise<ScheduledQueue> {
  const { config } = context;
  const log = context.logger.child({ queue: options.queueName });
  const connection: Redis = createRedisConnection(config.redisUrl, 'worker');
  connection.on('error', (err) => log.warn({ err }, `redis connection error (${options.queueName})`));
  const queue: Queue = new Queue(options.queueName, { connection, prefix: config.queuePrefix });
  queue.on('error', (err) => log.error({ err }, 'queue error'));
  try {
    await queue.upsertJobScheduler(
      options.schedulerId,
      { every: options.everyMs },
      { name: options.jobName, data: options.data, opts: options.keep ?? { removeOnComplete: 100, removeOnFail: 1000 } },
    );
  } catch (error) {
    await queue.close();
    await connection.quit();
    throw error;
  }
  const process = (job: Job, token?: string) => {
    if (options.schema !== undefined) {
      const parsed = options.schema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid ${options.queueName} job data: ${parsed.error.message}`);
    }
    return options.process(job as Job<Data>, token);
  };
  const worker: Worker = new Worker(options.queueName, process, {
    connection,
    prefix: config.queuePrefix,
    concurrency: 1,
    ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
  });
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  worker.on('failed', (job, err) => log.error({ err, jobId: job?.id }, `${options.queueName} job failed`));
  return {
    queue,
    worker,
    async stop() {
      await worker.close();
      await queue.close();
      await connection.quit();
    },
  };
}
