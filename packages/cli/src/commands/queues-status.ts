import { createQueueClient, createRedisConnection, QUEUES, type QueueName } from '@mltrading/queues';
import { cliConfig } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export async function queueCounts(redisUrl: string, prefix: string): Promise<Record<string, number | string>[]> {
  const connection = createRedisConnection(redisUrl, 'producer');
  const client = createQueueClient({ connection, prefix });
  try {
    const rows: Record<string, number | string>[] = [];
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      const counts = await client.queue(name).getJobCounts(...STATES);
      rows.push({ queue: name, ...Object.fromEntries(STATES.map((state) => [state, counts[state] ?? 0])) });
    }
    return rows;
  } finally {
    await client.close();
    await connection.quit();
  }
}

export async function queuesStatus(): Promise<void> {
  const { redisUrl, queuePrefix } = cliConfig();
  console.log(formatTable(await queueCounts(redisUrl, queuePrefix)));
}
