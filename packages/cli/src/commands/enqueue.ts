import { createQueueClient, InvalidPayloadError, isQueueName, QUEUE_NAMES } from '@mltrading/queues';
import { cliConfig, connectRedis, fail } from '../cli-context.ts';

export async function enqueue(queue: string, json: string): Promise<void> {
  // `in` would accept inherited names such as `__proto__` or `toString`.
  if (!isQueueName(queue)) fail(`unknown queue '${queue}' (known: ${QUEUE_NAMES.join(', ')})`);
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
    const { jobId, correlationId } = await client.enqueue(queue, payload as never);
    console.log(`queue:          ${queue}\njob id:         ${jobId}\ncorrelation id: ${correlationId}`);
  } catch (error) {
    if (error instanceof InvalidPayloadError) fail(`invalid ${queue} payload: ${error.message}`);
    throw error;
  } finally {
    await client.close();
    await connection.quit();
  }
}
