import type { OrderExecutionConfig } from '@mltrading/config';
import type { ServiceContext } from '@mltrading/service-kit';
import type { Broker } from '../brokers/broker.ts';
import { reconcileOrders, PENDING_GRACE_MS } from '../reconciliation/reconcile-orders.ts';
import { executionSettings, type ExecutionSettings } from './execution-settings.ts';

/**
 * What the worker and the reconciliation task of one process share: the settings, built once from
 * the first context, and the start-up reconciliation that must finish before this process sends
 * anything new (orders in flight are resolved with the broker first).
 */
export class ExecutionRuntime {
  private built: ExecutionSettings | undefined;
  private startup: Promise<void> | undefined;

  constructor(private readonly overrides: { now?: () => number; broker?: Broker; pendingGraceMs?: number } = {}) {}

  settings(context: Pick<ServiceContext<OrderExecutionConfig>, 'config' | 'db'>): ExecutionSettings {
    this.built ??= executionSettings(context.config, context.db, this.overrides);
    return this.built;
  }

  /** Runs once per process (again after a failure); every execute job awaits it. */
  reconciledAtStart(context: ServiceContext<OrderExecutionConfig>): Promise<void> {
    this.startup ??= (async () => {
      const settings = this.settings(context);
      const result = await reconcileOrders(
        { db: context.db, broker: settings.broker, logger: context.logger, correlationId: `startup-${process.pid}-${Date.now()}`, now: settings.now() },
        { pendingGraceMs: this.overrides.pendingGraceMs ?? PENDING_GRACE_MS },
      );
      context.logger.info({ ...result, failures: result.failures.slice(0, 20) }, 'start-up reconciliation');
      if (result.failures.length > 0) throw new Error(`start-up reconciliation failed for ${result.failures.length} order(s): ${result.failures[0]!.error}`);
    })().catch((error: unknown) => {
      this.startup = undefined;
      throw error;
    });
    return this.startup;
  }
}
