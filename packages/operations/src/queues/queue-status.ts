import { MAINTENANCE_QUEUE_NAMES, QUEUE_NAMES } from '@mltrading/queues';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueStatus {
  queue: string;
  /** `pipeline`: a contract between services; `service`: a service's own maintenance queue. */
  kind: 'pipeline' | 'service';
  counts: Record<JobState, number>;
}

/** Job counts per state of every pipeline queue, then of every service's maintenance queue. */
export async function queueStatus(connection: Redis, prefix: string): Promise<QueueStatus[]> {
  const named = [
    ...QUEUE_NAMES.map((name) => ({ name, kind: 'pipeline' as const })),
    ...MAINTENANCE_QUEUE_NAMES.map((name) => ({ name, kind: 'service' as const })),
  ];
  const statuses: QueueStatus[] = [];
  for (const { name, kind } of named) {
    const queue = new Queue(name, { connection, prefix });
    try {
      const counts = await queue.getJobCounts(...JOB_STATES);
      statuses.push({ queue: name, kind, counts: Object.fromEntries(JOB_STATES.map((state) => [state, counts[state] ?? 0])) as Record<JobState, number> });
    } finally {
      await queue.close();
    }
  }
  return statuses;
}
