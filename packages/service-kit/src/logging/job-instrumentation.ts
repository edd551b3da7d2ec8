import { MAX_LOGGED_CPU_PERCENT, MAX_LOGGED_DURATION_MS } from '@mltrading/db';
import { currentCorrelationId, redactSecrets } from '@mltrading/logging';
import type { LogRecordInput } from '@mltrading/queues';
import { UnrecoverableError, type Job } from 'bullmq';

// BullMQ's control-flow errors move a job (delay, wait for children, rate limit); they are not failures.
const CONTROL_FLOW_ERRORS = new Set(['DelayedError', 'WaitingChildrenError', 'WaitingError', 'RateLimitError']);

export interface JobInstrumentationOptions {
  component: string;
  queue: string;
  secrets: readonly string[];
  record: (record: LogRecordInput) => void;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Runs one job and records it: a `performance` record for every run (operation = queue, duration,
 * status, component, correlation id, resident memory, process CPU over the run) and an `error`
 * record when it throws. The thrown error's message and stack are scrubbed of secrets *before*
 * BullMQ stores them as the job's failedReason/stacktrace in Redis.
 *
 * CPU % is the whole process's CPU time over the job's wall time, so with concurrency > 1 it also
 * counts the jobs running beside it; it can exceed 100 on more than one core.
 */
export async function instrumentJob<R>(job: Job, options: JobInstrumentationOptions, run: () => Promise<R>): Promise<R> {
  const startedAt = new Date();
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  let status = 'success';
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && CONTROL_FLOW_ERRORS.has(error.name)) {
      status = 'moved';
      throw error;
    }
    status = 'failed';
    scrubError(error, options.secrets);
    options.record(errorRecord(error, job, options));
    throw error;
  } finally {
    const durationMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPercent = durationMs > 0 ? ((cpu.user + cpu.system) / 1000 / durationMs) * 100 : 0;
    options.record({
      kind: 'performance',
      // The job's start, so a trace can place the stage; the duration gives its end.
      timestamp: startedAt.toISOString(),
      correlationId: currentCorrelationId() ?? null,
      operationName: options.queue,
      durationMs: round(Math.min(durationMs, MAX_LOGGED_DURATION_MS), 3),
      status,
      component: options.component,
      memoryUsageMb: round(process.memoryUsage.rss() / 1_048_576, 2),
      cpuUsagePercent: round(Math.min(cpuPercent, MAX_LOGGED_CPU_PERCENT), 2),
      metadata: { jobId: job.id ?? null, attempt: job.attemptsMade + 1, queue: options.queue },
    });
  }
}

/** An `error` record for a job whose payload failed the contract (it never reached the handler). */
export function invalidPayloadRecord(error: Error, job: Job, options: Omit<JobInstrumentationOptions, 'record'>): LogRecordInput {
  return { ...errorRecord(error, job, options), metadata: { jobId: job.id ?? null, attempt: job.attemptsMade + 1, final: true, queue: options.queue } };
}

/**
 * The `performance` record of a job refused for its payload: every job gets one, and this one
 * would otherwise be missing from its flow. Duration runs from BullMQ's processedOn (when the job
 * became active) to now; status `invalid`; CPU is not measured (the check is over before we know).
 */
export function invalidPayloadPerformanceRecord(job: Job, options: Pick<JobInstrumentationOptions, 'component' | 'queue'>): LogRecordInput {
  const now = Date.now();
  const startedAt = Math.min(job.processedOn ?? now, now);
  return {
    kind: 'performance',
    timestamp: new Date(startedAt).toISOString(),
    correlationId: currentCorrelationId() ?? null,
    operationName: options.queue,
    durationMs: round(Math.min(now - startedAt, MAX_LOGGED_DURATION_MS), 3),
    status: 'invalid',
    component: options.component,
    memoryUsageMb: round(process.memoryUsage.rss() / 1_048_576, 2),
    cpuUsagePercent: null,
    metadata: { jobId: job.id ?? null, attempt: job.attemptsMade + 1, queue: options.queue },
  };
}

function errorRecord(error: unknown, job: Job, options: Omit<JobInstrumentationOptions, 'record'>): LogRecordInput {
  const err = error instanceof Error ? error : new Error(String(error));
  const attempts = job.opts.attempts ?? 1;
  const final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= attempts;
  return {
    kind: 'error',
    timestamp: new Date().toISOString(),
    correlationId: currentCorrelationId() ?? null,
    errorType: err.name || 'Error',
    errorMessage: redactSecrets(err.message, options.secrets) || '(no message)',
    stackTrace: err.stack === undefined ? null : redactSecrets(err.stack, options.secrets),
    component: options.component,
    requestPath: `${options.queue}/${job.id ?? '?'}`,
    metadata: { jobId: job.id ?? null, attempt: job.attemptsMade + 1, attempts, final, queue: options.queue },
  };
}

function scrubError(error: unknown, secrets: readonly string[]): void {
  if (!(error instanceof Error)) return;
  try {
    error.message = redactSecrets(error.message, secrets);
    if (error.stack !== undefined) error.stack = redactSecrets(error.stack, secrets);
  } catch {
    // A frozen or exotic error keeps its text; the records built from it are scrubbed regardless.
  }
}
