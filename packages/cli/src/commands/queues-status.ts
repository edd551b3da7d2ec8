import { JOB_STATES, queueStatus } from '@mltrading/operations';
import { cliConfig, connectRedis } from '../cli-context.ts';
import { formatTable } from '../print-table.ts';

/** `mlt queues`: job counts per queue and state, pipeline queues first, then the services' own. */
export async function queuesStatus(): Promise<void> {
  const { redisUrl, queuePrefix } = cliConfig();
  const connection = await connectRedis(redisUrl);
  try {
    const statuses = await queueStatus(connection, queuePrefix);
    console.log(formatTable(statuses.map((s) => ({ queue: s.queue, kind: s.kind, ...Object.fromEntries(JOB_STATES.map((state) => [state, s.counts[state]])) }))));
  } finally {
    await connection.quit();
  }
}
