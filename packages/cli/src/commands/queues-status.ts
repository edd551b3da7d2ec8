import { DASHBOARD_QUEUE, SWEEP_QUEUE } from '@mltrading/feature-engineering';
import { QUEUE_NAMES } from '@mltrading/queues';
import { Queue } from 'bullmq';
import { cliConfig, connectRedis } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/** Queues a service keeps for itself (schedules, maintenance): not part of the pipeline's contracts. */
const SERVICE_QUEUES = [DASHBOARD_QUEUE, SWEEP_QUEUE] as const;

export async function queueCounts(redisUrl: string, prefix: string): Promise<Record<string, number | string>[]> {
  const connection = await connectRedis(redisUrl);
  try {
    const rows: Record<string, number | string>[] = [];
    const named = [
      ...QUEUE_NAMES.map((name) => ({ name, kind: 'pipeline' })),
      ...SERVICE_QUEUES.map((name) => ({ name, kind: 'service' })),
    ];
    for (const { name, kind } of named) {
      const queue = new Queue(name, { connection, prefix });
      try {
        const counts = await queue.getJobCounts(...STATES);
        rows.push({ queue: name, kind, ...Object.fromEntries(STATES.map((state) => [state, counts[state] ?? 0])) });
      } finally {
        await queue.close();
      }
    }
    return rows;
  } finally {
    await connection.quit();
  }
}

export async function queuesStatus(): Promise<void> {
  const { redisUrl, queuePrefix } = cliConfig();
  console.log(formatTable(await queueCounts(redisUrl, queuePrefix)));
}
