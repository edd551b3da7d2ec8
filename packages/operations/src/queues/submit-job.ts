import type { EnqueueResult, QueueClient } from '@mltrading/queues';
import { enqueueJob } from './enqueue-job.ts';

export interface SubmittedJob extends EnqueueResult {
  /**
   * True when a job with the same deterministic id already existed, so nothing new was queued;
   * `correlationId` is then that job's, the one to follow it by.
   */
  duplicate: boolean;
  /** The job's state right after the submission (`waiting`, `active`, `completed`, …). */
  state: string;
}

/**
 * `enqueueJob`, saying whether the job is new. BullMQ ignores an add whose id exists (in any state
 * until the job is removed) and answers as if it had added it; the stored job tells the truth: it
 * carries another correlation id, or it was created before this call began. Two submissions racing
 * within the same millisecond under the same correlation id cannot be told apart, and need not be:
 * either way one job carries that id.
 */
export async function submitJob(queues: QueueClient, queue: string, payload: unknown): Promise<SubmittedJob> {
  const before = Date.now();
  const requested = await enqueueJob(queues, queue, payload);
  const job = await queues.queue(requested.queue).getJob(requested.jobId);
  if (job === undefined) return { ...requested, duplicate: false, state: 'unknown' };
  const storedCorrelationId = (job.data as { correlationId?: string }).correlationId ?? requested.correlationId;
  const duplicate = storedCorrelationId !== requested.correlationId || job.timestamp < before;
  return { ...requested, correlationId: storedCorrelationId, duplicate, state: await job.getState() };
}
