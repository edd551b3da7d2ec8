import { enqueueJob } from '@mltrading/operations';
import { createQueueClient } from '@mltrading/queues';
import { cliConfig, connectRedis, fail, refusing } from '../cli-context.ts';

/** `mlt enqueue <queue> <json>`: any pipeline queue, validated by its contract. */
export async function enqueue(queue: string, json: string): Promise<void> {
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch (error) {
    fail(`the payload is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    fail(`the payload must be a JSON object, got ${payload === null ? 'null' : Array.isArray(payload) ? 'an array' : typeof payload}`);
  }
  const { redisUrl, queuePrefix } = cliConfig();
  const connection = await connectRedis(redisUrl);
  const client = createQueueClient({ connection, prefix: queuePrefix });
  try {
    const { jobId, correlationId } = await refusing(() => enqueueJob(client, queue, payload));
    console.log(`queue:          ${queue}\njob id:         ${jobId}\ncorrelation id: ${correlationId}`);
  } finally {
    await client.close();
    await connection.quit();
  }
}
