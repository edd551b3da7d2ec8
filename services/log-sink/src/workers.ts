import { secretValues, type LogSinkConfig } from '@mltrading/config';
import { defineWorker, type ServiceContext, type WorkerDefinition } from '@mltrading/service-kit';
import { writeLogBatch } from './write-log-batch.ts';

/**
 * One handler: a `logs` job is one batch, written in one transaction under its job id. A redelivered
 * job finds its id claimed and writes nothing (exactly-once rows per job id).
 */
export const workers: readonly WorkerDefinition<'logs', LogSinkConfig>[] = [
  defineWorker({
    queue: 'logs',
    handler: async (payload, job, context: ServiceContext<LogSinkConfig>) => {
      const result = await writeLogBatch(context.db, String(job.id), payload.records, secretValues(context.config));
      return { rows: result.rows, duplicate: !result.written };
    },
  }),
];
