import { createHash } from 'node:crypto';
import { UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { runWithCorrelation, type Logger } from '@mltrading/logging';
import { CORRELATION_ID_MAX } from './contracts/envelope-fields.ts';
import { QUEUES, type PayloadOf, type QueueName } from './contracts/registry.ts';
import { InvalidPayloadError } from './errors/invalid-payload-error.ts';

export type JobHandler<Q extends QueueName, R = unknown> = (payload: PayloadOf<Q>, job: Job<PayloadOf<Q>, R>) => Promise<R>;

export interface CreateWorkerOptions extends Omit<WorkerOptions, 'connection' | 'prefix' | 'concurrency'> {
  /** A worker connection (`maxRetriesPerRequest: null`); BullMQ duplicates it for blocking calls. */
  connection: Redis;
  prefix?: string;
  concurrency?: number;
  logger?: Logger;
  /** Called once for a job whose data fails the contract, e.g. to write `error_logs`. */
  onInvalidPayload?: (error: InvalidPayloadError, job: Job) => void | Promise<void>;
}

/**
 * Stall detection: a crashed worker's jobs come back after at most ~15 s, and a job may stall twice
 * (say, two rolling deploys) before it is failed. Handlers are idempotent, so re-delivery is safe.
 */
export const WORKER_DEFAULTS = {
  lockDuration: 30_000,
  stalledInterval: 15_000,
  maxStalledCount: 2,
} as const;

function rawCorrelationId(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as { correlationId?: unknown }).correlationId;
  return typeof value === 'string' && value.length > 0 && value.length <= CORRELATION_ID_MAX ? value : undefined;
}

/**
 * A BullMQ worker for one queue that validates each job against the queue's contract on consume.
 * Invalid data fails the job at once (UnrecoverableError: no retries, reason in `failedReason`) and
 * stays in the failed set for inspection; valid jobs run inside `runWithCorrelation`, so logs and
 * successor jobs carry the flow's correlation id and trace context.
 */
export function createWorker<Q extends QueueName, R = unknown>(
  queueName: Q,
  handler: JobHandler<Q, R>,
  options: CreateWorkerOptions,
): Worker<PayloadOf<Q>, R> {
  const { connection, prefix = 'mlt', concurrency = 1, logger, onInvalidPayload, ...extra } = options;
  // A name from configuration could be an inherited property (`toString`): refuse it by name.
  if (!Object.prototype.hasOwnProperty.call(QUEUES, queueName)) throw new Error(`Unknown queue ${JSON.stringify(String(queueName))}`);
  const schema = QUEUES[queueName].schema;
  const log = logger?.child({ queue: queueName });
  // Invalid payloads are reported where they are detected; the 'failed' listener skips them.
  const alreadyReported = new WeakSet<Error>();

  const processor = async (job: Job<PayloadOf<Q>, R>): Promise<R> => {
    const parsed = schema.safeParse(withStableCorrelationId(job));
    if (!parsed.success) {
      const error = new InvalidPayloadError(queueName, parsed.error, `job ${job.id ?? '?'}`);
      const correlationId = rawCorrelationId(job.data);
      const report = async () => {
        log?.error({ err: error, jobId: job.id, issues: error.issues }, 'invalid job payload: failing without retry');
        try {
          await onInvalidPayload?.(error, job as Job);
        } catch (hookError) {
          log?.error({ err: hookError, jobId: job.id }, 'onInvalidPayload hook failed');
        }
      };
      await (correlationId === undefined ? report() : runWithCorrelation({ correlationId }, report));
      const unrecoverable = new UnrecoverableError(error.message);
      alreadyReported.add(unrecoverable);
      throw unrecoverable;
    }
    const payload = parsed.data as PayloadOf<Q>;
    return runWithCorrelation(
      {
        correlationId: payload.correlationId,
        ...(payload.traceContext === undefined ? {} : { traceContext: payload.traceContext }),
      },
      () => handler(payload, job),
    );
  };

  const worker = new Worker<PayloadOf<Q>, R>(queueName, processor, {
    ...WORKER_DEFAULTS,
    ...extra,
    connection,
    prefix,
    concurrency,
  });

  // Without an 'error' listener an EventEmitter error (e.g. Redis dropped) would crash the process.
  worker.on('error', (error) => log?.error({ err: error }, 'worker error'));
  worker.on('failed', (job, error) => {
    if (job === undefined || alreadyReported.has(error)) return;
    const correlationId = rawCorrelationId(job.data);
    const fields = { err: error, jobId: job.id, attemptsMade: job.attemptsMade, attempts: job.opts.attempts };
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const emit = () =>
      final ? log?.error(fields, 'job failed permanently') : log?.warn(fields, 'job attempt failed; will retry');
    if (correlationId === undefined) emit();
    else runWithCorrelation({ correlationId }, emit);
  });

  return worker;
}

/**
 * Jobs a BullMQ job scheduler creates all share one template, so they arrive without a
 * correlation id; deriving it from the job id (unique per run, stable across its retries) keeps
 * every attempt of a run under one id instead of a fresh one per parse.
 */
function withStableCorrelationId(job: Job): unknown {
  const data = job.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object' || data.correlationId !== undefined || job.id === undefined) return data;
  const readable = `job-${job.id}`.replace(/[^\x21-\x7E]/g, '_');
  const correlationId = readable.length <= 50 ? readable : `job-${createHash('sha256').update(job.id).digest('hex').slice(0, 40)}`;
  return { ...data, correlationId };
}
