import { consumeQueues, type AnyWorkerDefinition } from '@mltrading/service-kit';
import { processBacktestJob } from './process-backtest-job.ts';

/** The queue this service consumes: `backtest`, one job at a time (a replay is CPU-bound). */
export function backtestWorkers(): AnyWorkerDefinition[] {
  return consumeQueues(['backtest'], {
    backtest: {
      concurrency: 1,
      // The replay runs synchronously between awaits: a long lock keeps BullMQ from calling a busy job stalled.
      workerOptions: { lockDuration: 600_000, stalledInterval: 300_000 },
      handler: (payload, job, context) => processBacktestJob(payload, context, (progress) => job.updateProgress(progress)),
    },
  });
}
