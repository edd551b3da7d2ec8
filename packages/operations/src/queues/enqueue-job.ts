import { InvalidPayloadError, isQueueName, QUEUE_NAMES, type EnqueueResult, type PayloadInput, type QueueClient } from '@mltrading/queues';
import { InvalidRequestError } from '../errors/invalid-request-error.ts';

/**
 * Validates a payload against its queue's contract and enqueues it. Any pipeline queue by name, for
 * front ends that take the queue as input (`mlt enqueue`, the API); an unknown queue or an invalid
 * payload is an InvalidRequestError naming every problem.
 */
export async function enqueueJob(queues: QueueClient, queue: string, payload: unknown): Promise<EnqueueResult> {
  if (!isQueueName(queue)) throw new InvalidRequestError(`unknown queue '${queue}' (known: ${QUEUE_NAMES.join(', ')})`);
  return refuseInvalid(`invalid ${queue} payload`, () => queues.enqueue(queue, payload as PayloadInput<typeof queue>));
}

/** Runs an enqueue, turning the contract's InvalidPayloadError into an InvalidRequestError (`<prefix>: <problems>`). */
export async function refuseInvalid<T>(prefix: string, enqueue: () => Promise<T>): Promise<T> {
  try {
    return await enqueue();
  } catch (error) {
    if (error instanceof InvalidPayloadError) throw new InvalidRequestError(`${prefix}: ${error.message}`);
    throw error;
  }
}
