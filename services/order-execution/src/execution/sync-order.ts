// Brings one stored order in line with the broker, asking by client order id. The one place that
// sends an order: a caller that did not itself insert the order (a duplicate job, a replica) never
// sends it, and reconciliation sends a `pending` order only when the broker has no record of it and
// the order is old enough that no worker can still be about to send it.
import { fillsOfOrder, getOrder, OrderTransitionConflictError, transitionOrder, type Database, type Order, type OrderStatus } from '@mltrading/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { FINAL_STATUSES, type Broker, type BrokerFill, type BrokerOrder, type SubmitOrderRequest } from '../brokers/broker.ts';
import { BrokerRejectedError } from '../brokers/errors/broker-rejected-error.ts';
import { DuplicateClientOrderIdError } from '../brokers/errors/duplicate-client-order-id-error.ts';
import { BrokerUnavailableError } from '../brokers/errors/broker-unavailable-error.ts';

export interface SyncDeps {
  readonly db: Kysely<Database>;
  readonly broker: Broker;
  readonly logger: Logger;
  readonly correlationId: string | null;
  /**
   * Fills read once for a whole reconciliation pass (`fillsSnapshot`), so a broker without a per-order
   * fills call is not asked once per order; an order the snapshot falls short of is read afresh.
   */
  readonly fills?: FillsSnapshot;
}

/** The broker's fills, read once, by order. */
export interface FillsSnapshot {
  of(order: Order): BrokerFill[];
}

export type SyncAction =
  /** Sent now (this call made the one submit). */
  | 'sent'
  /** The broker knows it; our record was brought up to date. */
  | 'synced'
  /** Pending, and the broker has no record: left for whoever sends it (or for reconciliation). */
  | 'awaiting_send'
  /** We hold it as sent, yet the broker has no record of it: an anomaly for an operator. */
  | 'missing_at_broker'
  /** Already final here. */
  | 'final';

export interface SyncResult {
  readonly action: SyncAction;
  readonly order: Order;
  /** Fills recorded by this call. */
  readonly newFills: number;
}

const FINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);
const MAX_ROUNDS = 5;

/**
 * `send`: may this call submit a `pending` order the broker has no record of? Only the worker that
 * inserted it, and reconciliation for orders past their grace period.
 */
export async function syncOrder(deps: SyncDeps, orderId: string, { send }: { send: boolean }): Promise<SyncResult> {
  let newFills = 0;
  let sent = false;
  for (let round = 0; ; round++) {
    const order = await getOrder(deps.db, orderId);
    if (order === undefined) throw new Error(`syncOrder: no order ${orderId}`);
    if (FINAL.has(order.status)) return { action: sent ? 'sent' : 'final', order, newFills };
    try {
      let remote = await deps.broker.getOrderByClientId(orderId);
      if (remote === null) {
        if (order.status !== 'pending') {
          deps.logger.error({ orderId, status: order.status, broker: deps.broker.name }, 'order missing at the broker');
          return { action: 'missing_at_broker', order, newFills };
        }
        if (!send || sent) return { action: 'awaiting_send', order, newFills };
        sent = true;
        const outcome = await submit(deps, order);
        if (outcome.kind === 'rejected') {
          const { order: rejected } = await transitionOrder(deps.db, { orderId, from: 'pending', to: 'rejected', reason: outcome.reason, correlationId: deps.correlationId });
          return { action: 'sent', order: rejected, newFills };
        }
        remote = outcome.order;
      }
      const applied = await applyRemote(deps, order, remote);
      newFills += applied.newFills;
      return { action: sent ? 'sent' : 'synced', order: applied.order, newFills };
    } catch (error) {
      // Another worker moved the order first (a duplicate job, reconciliation): read it again.
      if (error instanceof OrderTransitionConflictError && round < MAX_ROUNDS) continue;
      throw error;
    }
  }
}

type SubmitOutcome = { kind: 'accepted'; order: BrokerOrder } | { kind: 'rejected'; reason: string };

async function submit(deps: SyncDeps, order: Order): Promise<SubmitOutcome> {
  const request: SubmitOrderRequest = {
    clientOrderId: order.order_id,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    type: order.order_type === 'limit' ? 'limit' : 'market',
    ...(order.price === null ? {} : { limitPrice: Number(order.price) }),
    timeInForce: order.time_in_force,
  };
  try {
    const accepted = await deps.broker.submitOrder(request);
    deps.logger.info({ orderId: order.order_id, broker: deps.broker.name, brokerOrderId: accepted.brokerOrderId }, 'order sent');
    return { kind: 'accepted', order: accepted };
  } catch (error) {
    if (error instanceof DuplicateClientOrderIdError) {
      // An earlier attempt got through: carry on with that order, never send again.
      const existing = await deps.broker.getOrderByClientId(order.order_id);
      if (existing === null) throw new BrokerUnavailableError(deps.broker.name, 'get', 'the broker reported a duplicate client order id but returned no order', { clientOrderId: order.order_id });
      return { kind: 'accepted', order: existing };
    }
    if (error instanceof BrokerRejectedError) return { kind: 'rejected', reason: `${deps.broker.name}: ${error.reason}` };
    // Unavailable or rate limited: the order stays pending; the job retries and asks first.
    throw error;
  }
}

async function applyRemote(deps: SyncDeps, order: Order, remote: BrokerOrder): Promise<{ order: Order; newFills: number }> {
  const { db, correlationId } = deps;
  let current = order;
  if (current.status === 'pending') {
    if (remote.status === 'rejected') {
      const { order: rejected } = await transitionOrder(db, { orderId: current.order_id, from: 'pending', to: 'rejected', reason: `${deps.broker.name}: ${remote.brokerStatus}`, correlationId });
      return { order: rejected, newFills: 0 };
    }
    ({ order: current } = await transitionOrder(db, { orderId: current.order_id, from: 'pending', to: 'submitted', brokerOrderId: remote.brokerOrderId, correlationId }));
  }
  let newFills = 0;
  if (remote.filledQuantity > current.filled_quantity) {
    const recorded = new Set((await fillsOfOrder(db, current.order_id)).map((f) => f.fill_id));
    for (const fill of await fillsFor(deps, current, remote.filledQuantity)) {
      if (recorded.has(fill.fillId)) continue;
      const filledAfter = current.filled_quantity + fill.quantity;
      const to: OrderStatus = filledAfter === current.quantity ? 'filled' : 'partially_filled';
      const result = await transitionOrder(db, {
        orderId: current.order_id,
        from: current.status,
        to,
        fill: { fillId: fill.fillId, quantity: fill.quantity, price: fill.price, commission: fill.commission ?? 0, timestamp: fill.timestamp },
        correlationId,
      });
      current = result.order;
      newFills++;
    }
  }
  if (FINAL_STATUSES.has(remote.status) && remote.status !== 'filled' && !FINAL.has(current.status)) {
    // A broker that rejects an order after part of it filled ends it; our lifecycle calls that cancelled.
    const to: OrderStatus = remote.status === 'rejected' && current.status !== 'submitted' ? 'cancelled' : remote.status;
    ({ order: current } = await transitionOrder(db, { orderId: current.order_id, from: current.status, to, reason: `${deps.broker.name}: ${remote.brokerStatus}`, correlationId }));
  }
  return { order: current, newFills };
}

/** The snapshot's fills of the order when they cover what the broker reports filled, else a fresh read. */
async function fillsFor(deps: SyncDeps, order: Order, filledQuantity: number): Promise<BrokerFill[]> {
  const snapshot = deps.fills?.of(order);
  if (snapshot !== undefined && snapshot.reduce((sum, f) => sum + f.quantity, 0) >= filledQuantity) return snapshot;
  // Executions after the snapshot was taken: this order's own read.
  return brokerFillsOf(deps.broker, order);
}

/**
 * One `listFills` for every order in flight, for a broker that has no per-order fills call
 * (Alpaca: one activities listing per pass instead of one per order). Undefined when the broker
 * answers per order (the paper broker) or no order can have fills yet.
 */
export async function fillsSnapshot(broker: Broker, orders: readonly Order[]): Promise<FillsSnapshot | undefined> {
  if (broker.fillsOfOrder) return undefined;
  const sent = orders.filter((o) => o.status !== 'pending');
  if (sent.length === 0) return undefined;
  // Executions cannot predate an order's creation; a minute of margin for clock skew.
  const since = new Date(Math.min(...sent.map((o) => o.created_at.getTime())) - 60_000);
  const fills = await broker.listFills({ since });
  return { of: (order) => fills.filter((f) => belongsTo(f, order)) };
}

function belongsTo(fill: BrokerFill, order: Order): boolean {
  return fill.clientOrderId === order.order_id || (order.broker_order_id !== null && fill.brokerOrderId === order.broker_order_id);
}

/** The order's fills at the broker, oldest first. */
async function brokerFillsOf(broker: Broker, order: Order): Promise<BrokerFill[]> {
  if (broker.fillsOfOrder) return broker.fillsOfOrder(order.order_id);
  // Executions cannot predate the order's creation; a minute of margin for clock skew.
  const since = new Date(order.created_at.getTime() - 60_000);
  const fills = await broker.listFills({ since });
  return fills.filter((f) => belongsTo(f, order));
}
