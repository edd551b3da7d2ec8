import type { Queue } from 'bullmq';

export interface FailedJob {
  readonly jobId: string;
  /** The job's last failure reason, or why there is none (the job is gone). */
  readonly reason: string;
  /** The flow the job belonged to, for `mlt trace`; absent when the job is gone. */
  readonly correlationId?: string;
}

export interface JobProgress {
  /** Jobs neither completed nor failed yet. */
  readonly open: string[];
  /** Jobs that failed, or that are gone (removed before anyone saw them complete). */
  readonly failed: FailedJob[];
}

/** Where the given jobs stand: which are still open and which failed, and why. */
export async function jobProgress(queue: Pick<Queue, 'getJob' | 'getJobState'>, jobIds: readonly string[]): Promise<JobProgress> {
  const open: string[] = [];
  const failed: FailedJob[] = [];
  for (const id of jobIds) {
    // State first, then the job: read the other way round, a job failing in between would come
    // back as failed with the data of its active self (no reason yet).
    const state = await queue.getJobState(id);
    if (state === 'completed') continue;
    if (state === 'unknown') {
      failed.push({ jobId: id, reason: 'the job is gone from the queue (removed before it completed)' });
      continue;
    }
    if (state !== 'failed') {
      open.push(id);
      continue;
    }
    const job = await queue.getJob(id);
    failed.push({ jobId: id, reason: job?.failedReason || 'no reason recorded', ...correlationOf(job?.data) });
  }
  return { open, failed };
}

function correlationOf(data: unknown): { correlationId?: string } {
  const id = (data as { correlationId?: unknown } | null)?.correlationId;
  return typeof id === 'string' ? { correlationId: id } : {};
}
