import type { LogRecordInput, QueueClient } from '@mltrading/queues';

/** Where a log shipper sends its batches. `batchId` is stable across retries of the same batch. */
export interface LogTransport {
  send(batchId: string, records: LogRecordInput[]): Promise<void>;
}

/**
 * Batches onto the `logs` queue. The batch id is the BullMQ job id, so re-adding a batch whose first
 * add timed out but landed is a no-op in Redis, and the sink skips a batch id it already wrote.
 * The batch id is also the job's correlation id: a logs job is not part of any flow it carries.
 */
export function queueLogTransport(queues: QueueClient): LogTransport {
  return {
    async send(batchId, records) {
      await queues.enqueue('logs', { records, correlationId: batchId }, { jobId: batchId });
    },
  };
}
