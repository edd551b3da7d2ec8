import { isTradingHalted, ordersInFlight, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Broker } from '../brokers/broker.ts';
import { fillsSnapshot, syncOrder, type FillsSnapshot, type SyncAction } from '../execution/sync-order.ts';

/**
 * A pending order younger than this may still be on its way out from the worker that inserted it;
 * reconciliation sends only older ones (the broker's client-order-id check backs this up).
 */
export const PENDING_GRACE_MS = 30_000;

export interface ReconcileResult {
  readonly inFlight: number;
  readonly actions: Partial<Record<SyncAction | 'failed', number>>;
  readonly newFills: number;
  readonly failures: { orderId: string; error: string }[];
}

/**
 * Every order in flight (pending, submitted, partially filled), oldest first, asked about by client
 * order id: a pending order the broker has no record of is sent once (past the grace period; not while
 * trading is halted), a
 * pending one it knows becomes submitted, fills are recorded and final statuses applied. One order's
 * failure (a broker outage) does not stop the others; it is retried next time.
 */
export async function reconcileOrders(
  deps: { db: Kysely<Database>; broker: Broker; logger: Logger; correlationId: string; now?: number },
  { pendingGraceMs = PENDING_GRACE_MS }: { pendingGraceMs?: number } = {},
): Promise<ReconcileResult> {
  const now = deps.now ?? Date.now();
  const orders = await ordersInFlight(deps.db);
  // While halted nothing goes out, not even a pending order that passed its checks before the halt;
  // orders already at the broker are still read back (their fills happen regardless).
  const halted = await isTradingHalted(deps.db);
  const actions: Partial<Record<SyncAction | 'failed', number>> = {};
  const failures: { orderId: string; error: string }[] = [];
  let newFills = 0;
  // One fills listing for the whole pass (brokers without a per-order call); if it fails, each order reads its own.
  let fills: FillsSnapshot | undefined;
  try {
    fills = await fillsSnapshot(deps.broker, orders);
  } catch (error) {
    deps.logger.warn({ err: error }, 'fills listing failed; reading fills order by order');
  }
  for (const order of orders) {
    try {
      const send = !halted && order.status === 'pending' && order.created_at.getTime() <= now - pendingGraceMs;
      const result = await syncOrder({ ...deps, ...(fills === undefined ? {} : { fills }) }, order.order_id, { send });
      actions[result.action] = (actions[result.action] ?? 0) + 1;
      newFills += result.newFills;
    } catch (error) {
      actions.failed = (actions.failed ?? 0) + 1;
      failures.push({ orderId: order.order_id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { inFlight: orders.length, actions, newFills, failures };
}
