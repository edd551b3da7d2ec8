import { QUEUES } from '@mltrading/queues';
import type { LogTransport, ServiceContext } from '@mltrading/service-kit';
import { writeLogBatch } from './write-log-batch.ts';

/**
 * The sink's own records (its logs, the performance record of every logs job it handles) go
 * straight into the tables: shipping them over the `logs` queue would make every logs job produce
 * another one, forever. Validated with the same contract as queued batches.
 */
export function directLogTransport(context: ServiceContext, secrets: readonly string[]): LogTransport {
  return {
    async send(batchId, records) {
      const payload = QUEUES.logs.schema.parse({ records, correlationId: batchId });
      await writeLogBatch(context.db, batchId, payload.records, secrets);
    },
  };
}
