import { QUEUES, type PayloadOf, type QueueName } from './contracts/registry.ts';
import { InvalidPayloadError } from './errors/invalid-payload-error.ts';

/** Validates `data` against the queue's contract; throws `InvalidPayloadError` listing every problem. */
export function parsePayload<Q extends QueueName>(queue: Q, data: unknown, context?: string): PayloadOf<Q> {
  const result = QUEUES[queue].schema.safeParse(data);
  if (!result.success) throw new InvalidPayloadError(queue, result.error, context);
  return result.data as PayloadOf<Q>;
}
