import type { OrderExecutionConfig } from '@mltrading/config';
import { executionReconcileQueue } from '@mltrading/queues';
import { startScheduledQueue, type ServiceTask } from '@mltrading/service-kit';
import { randomUUID } from 'node:crypto';
import type { ExecutionRuntime } from '../execution/execution-runtime.ts';
import { PENDING_GRACE_MS, reconcileOrders } from './reconcile-orders.ts';
import { sweepUndecided } from './sweep-undecided.ts';

/** The service's own queue (contract in @mltrading/queues: nothing else produces to it). */
export const RECONCILE_QUEUE = executionReconcileQueue.name;
export const RECONCILE_SCHEDULER_ID = executionReconcileQueue.schedulerId;

/**
 * Reconciliation with the broker, then the sweep of undecided predictions, every RECONCILE_EVERY_MS
 * from one BullMQ job scheduler (one schedule however many replicas; its first run is at start).
 */
export function reconcileTask(runtime: ExecutionRuntime, overrides: { pendingGraceMs?: number } = {}): ServiceTask<OrderExecutionConfig> {
  return {
    name: 'order reconciliation',
    start: (context) => {
      // Builds strategy, risk limits and broker now: a bad parameter stops the start with every problem listed.
      runtime.settings(context);
      return startScheduledQueue(context, {
        queueName: RECONCILE_QUEUE,
        schema: executionReconcileQueue.schema,
        schedulerId: RECONCILE_SCHEDULER_ID,
        everyMs: context.config.reconcileEveryMs,
        jobName: executionReconcileQueue.jobName,
        data: { reason: 'schedule' },
        async process() {
          const settings = runtime.settings(context);
          const correlationId = `reconcile-${randomUUID()}`;
          const now = settings.now();
          const graceMs = overrides.pendingGraceMs ?? PENDING_GRACE_MS;
          const reconciled = await reconcileOrders({ db: context.db, broker: settings.broker, logger: context.logger, correlationId, now }, { pendingGraceMs: graceMs });
          const swept = await sweepUndecided(
            { db: context.db, queues: context.queues, correlationId },
            { strategy: settings.strategy.name, now, graceMs, slot: Math.floor(now / context.config.reconcileEveryMs) },
          );
          const level = reconciled.failures.length > 0 || swept.undecided > 0 ? 'warn' : 'info';
          context.logger[level]({ correlationId, ...reconciled, failures: reconciled.failures.slice(0, 20), undecided: swept.undecided, jobIds: swept.jobIds.slice(0, 20) }, 'orders reconciled');
          return { ...reconciled, undecided: swept.undecided, jobIds: swept.jobIds };
        },
      });
    },
  };
}
