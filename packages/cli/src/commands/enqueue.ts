import { createQueueClient, InvalidPayloadError, QUEUES, type QueueName } from '@mltrading/queues';
import { cliConfig, connectRedis, fail } from '../cli-context.ts';

export async function enqueue(queue: string, json: string): Promise<void> {
  if (!(queue in QUEUES)) fail(`unknown queue '${queue}' (known: ${Object.keys(QUEUES).join(', ')})`);
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch (error) {
    fail(`the payload is not valid JSON: ${(error as Error).message}`);
  }
  const { redisUrl, queuePrefix } = cliConfig();
  const connection = await connectRedis(redisUrl);
  const client = createQueueClient({ connection, prefix: queuePrefix });
  try {
    const { jobId, correlationId } = await client.enqueue(queue as QueueName, payload as never);
    console.log(`queue:          ${queue}\njob id:         ${jobId}\ncorrelation id: ${correlationId}`);
  } catch (error) {
    if (error instanceof InvalidPayloadError) fail(`invalid ${queue} payload: ${error.message}`);
    throw error;
  } finally {
    await client.close();
    await connection.quit();
  }
}
