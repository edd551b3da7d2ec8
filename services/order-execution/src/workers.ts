import type { OrderExecutionConfig } from '@mltrading/config';
import { defineWorker, type ServiceContext, type WorkerDefinition } from '@mltrading/service-kit';
import type { ExecutionRuntime } from './execution/execution-runtime.ts';
import { processExecuteJob } from './execution/process-execute-job.ts';

/** The queue this service consumes: `execute` (prediction ids → orders). */
export function executionWorkers(runtime: ExecutionRuntime, options: { workerOptions?: WorkerDefinition['workerOptions'] } = {}): WorkerDefinition<'execute', OrderExecutionConfig>[] {
  return [
    defineWorker({
      queue: 'execute',
      handler: async (payload, job, context: ServiceContext<OrderExecutionConfig>) => {
        // Orders in flight are reconciled with the broker before this process sends anything new.
        await runtime.reconciledAtStart(context);
        const result = await processExecuteJob(payload, { db: context.db, settings: runtime.settings(context), logger: context.logger });
        const counts: Record<string, number> = {};
        for (const o of result.outcomes) counts[o.outcome] = (counts[o.outcome] ?? 0) + 1;
        context.logger.info({ jobId: job.id, ...counts, missing: result.missing.length }, 'execute done');
        return result;
      },
      ...(options.workerOptions === undefined ? {} : { workerOptions: options.workerOptions }),
    }),
  ];
}
