import type { Queue } from 'bullmq';

export interface JobProgress {
  /** Jobs neither completed nor failed yet. */
  readonly open: string[];
  /** Jobs that failed, or that are gone (removed before anyone saw them complete). */
  readonly failed: string[];
}

/** Where the given jobs stand: which are still open and which failed. */
export async function jobProgress(queue: Pick<Queue, 'getJob'>, jobIds: readonly string[]): Promise<JobProgress> {
  const open: string[] = [];
  const failed: string[] = [];
  for (const id of jobIds) {
    const state = await (await queue.getJob(id))?.getState();
    if (state === 'completed') continue;
    if (state === 'failed' || state === undefined) failed.push(id);
    else open.push(id);
  }
  return { open, failed };
}
