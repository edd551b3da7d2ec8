import { LEGAL_TRANSITIONS } from '@mltrading/trading';
import type { PageQuery } from './page-query.ts';
import { sql, type Kysely } from 'kysely';
import {
  IllegalOrderTransitionError,
  InvalidTradingValueError,
  OrderFillStateError,
  OrderNotFoundError,
  OrderTransitionConflictError,
} from '../errors/order-errors.ts';
import type { JsonValue } from '../schema/column-types.ts';
import type { Database } from '../schema/database.ts';
import type { Order, OrderSide, OrderStatus, OrderType, TimeInForce } from '../schema/orders.ts';
import { recordFill, type FillInput, type RecordFillResult } from './fills.repository.ts';

/**
 * The order lifecycle: pending → submitted → partially_filled → filled, or cancelled / rejected /
 * expired. partially_filled → partially_filled is a further partial fill (allowed only with one).
 * Filled, cancelled, rejected and expired are final. One definition: the pure trading package's,
 * which the paper broker and the backtest run too.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = LEGAL_TRANSITIONS;

export const IN_FLIGHT_STATUSES = ['pending', 'submitted', 'partially_filled'] as const satisfies readonly OrderStatus[];

export interface OrderInput {
  /** The deterministic client order id. */
  order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  order_type?: OrderType;
  /** Limit price. */
  price?: number | null;
  /** 'pending' (default), or 'rejected' for an order the risk checks refused (give status_reason). */
  status?: 'pending' | 'rejected';
  status_reason?: string | null;
  strategy?: string | null;
  model_id?: string | null;
  prediction_id?: string | null;
  interval?: string | null;
  bar_timestamp?: Date | null;
  time_in_force?: TimeInForce;
  expires_at?: Date | null;
  correlation_id?: string | null;
}

export interface InsertOrderResult {
  /** True when this call created the order; false when an order with this id existed. */
  inserted: boolean;
  /** The stored order (the existing one when inserted is false). */
  order: Order;
}

function checkOrderInput(order: OrderInput): void {
  const what = `order "${order.order_id}"`;
  if (!Number.isSafeInteger(order.quantity) || order.quantity <= 0) {
    throw new InvalidTradingValueError(what, 'quantity', order.quantity, 'a positive whole number');
  }
  if (order.price != null && !(Number.isFinite(order.price) && order.price > 0)) {
    throw new InvalidTradingValueError(what, 'price', order.price, 'finite and positive');
  }
  const needsPrice = order.order_type === 'limit' || order.order_type === 'stop_limit';
  if (needsPrice && order.price == null) throw new InvalidTradingValueError(what, 'price', order.price, `a ${order.order_type} order needs one`);
}

/**
 * Inserts an order unless its order_id exists (ON CONFLICT DO NOTHING): the basis of "never
 * twice". Commit it before sending it to a broker. A new order gets an `order_created` (or
 * `order_rejected`) trading event in the same transaction.
 */
export async function insertOrderIfAbsent(db: Kysely<Database>, order: OrderInput): Promise<InsertOrderResult> {
  checkOrderInput(order);
  const run = async (trx: Kysely<Database>): Promise<InsertOrderResult> => {
    const inserted = await trx
      .insertInto('orders')
      .values({
        order_id: order.order_id,
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        order_type: order.order_type ?? 'market',
        price: order.price ?? null,
        status: order.status ?? 'pending',
        status_reason: order.status_reason ?? null,
        strategy: order.strategy ?? null,
        model_id: order.model_id ?? null,
        prediction_id: order.prediction_id ?? null,
        interval: order.interval ?? null,
        bar_timestamp: order.bar_timestamp ?? null,
        time_in_force: order.time_in_force ?? 'day',
        expires_at: order.expires_at ?? null,
        correlation_id: order.correlation_id ?? null,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('orders').selectAll().where('order_id', '=', order.order_id).executeTakeFirstOrThrow();
      return { inserted: false, order: existing };
    }
    await insertOrderEvent(trx, inserted, inserted.status === 'rejected' ? 'order_rejected' : 'order_created', {
      correlationId: order.correlation_id ?? null,
      metadata: { status: inserted.status, reason: inserted.status_reason, prediction_id: inserted.prediction_id, model_id: inserted.model_id },
    });
    return { inserted: true, order: inserted };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export interface OrderTransition {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  /** Why: the broker's rejection, a cancel request, an expiry. Stored in orders.status_reason. */
  reason?: string;
  /** A fill that causes this transition, recorded in the same transaction (see recordFill). */
  fill?: Omit<FillInput, 'orderId' | 'correlationId'>;
  /** The broker's own id, set when the order is submitted. */
  brokerOrderId?: string;
  correlationId: string | null;
}

export interface TransitionResult {
  order: Order;
  fill: RecordFillResult | null;
}

/**
 * Moves an order from `from` to `to`: records the fill (if any), updates status and updated_at
 * only WHERE status = from (another writer that moved it first makes this throw
 * OrderTransitionConflictError), checks that the status agrees with the filled quantity, and
 * writes an `order_<to>` trading event — all in one transaction (the caller's when `db` is one;
 * any error rolls all of it back).
 */
export async function transitionOrder(db: Kysely<Database>, t: OrderTransition): Promise<TransitionResult> {
  if (!ORDER_TRANSITIONS[t.from]?.includes(t.to)) throw new IllegalOrderTransitionError(t.from, t.to);
  if (t.from === t.to && t.fill === undefined) throw new IllegalOrderTransitionError(t.from, t.to);
  const run = async (trx: Kysely<Database>): Promise<TransitionResult> => {
    const fill = t.fill ? await recordFill(trx, { ...t.fill, orderId: t.orderId, correlationId: t.correlationId }) : null;
    const order = await trx
      .updateTable('orders')
      .set({
        status: t.to,
        ...(t.reason !== undefined ? { status_reason: t.reason } : {}),
        ...(t.brokerOrderId !== undefined ? { broker_order_id: t.brokerOrderId } : {}),
        ...(t.to === 'submitted' ? { submitted_at: sql<Date>`COALESCE(submitted_at, NOW())` } : {}),
      })
      .where('order_id', '=', t.orderId)
      .where('status', '=', t.from)
      .returningAll()
      .executeTakeFirst();
    if (!order) {
      const current = await trx.selectFrom('orders').select('status').where('order_id', '=', t.orderId).executeTakeFirst();
      if (!current) throw new OrderNotFoundError(t.orderId);
      throw new OrderTransitionConflictError(t.orderId, t.from, current.status, t.to);
    }
    const filled = order.filled_quantity;
    const consistent =
      t.to === 'filled' ? filled === order.quantity
      : t.to === 'partially_filled' ? filled > 0 && filled < order.quantity
      : t.to === 'submitted' ? filled === 0
      : true;
    if (!consistent) throw new OrderFillStateError(t.orderId, t.to, order.quantity, filled);
    await insertOrderEvent(trx, order, `order_${t.to}`, {
      correlationId: t.correlationId,
      quantity: fill?.fill.quantity,
      price: fill?.fill.price,
      metadata: {
        from: t.from,
        to: t.to,
        reason: t.reason ?? null,
        fill_id: fill?.fill.fill_id ?? null,
        filled_quantity: filled,
        broker_order_id: order.broker_order_id,
      },
    });
    return { order, fill };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function insertOrderEvent(
  trx: Kysely<Database>,
  order: Order,
  eventType: string,
  extra: { correlationId: string | null; quantity?: number | undefined; price?: number | undefined; metadata: JsonValue },
): Promise<void> {
  await trx
    .insertInto('trading_events')
    .values({
      event_type: eventType,
      symbol: order.symbol,
      side: order.side,
      quantity: extra.quantity ?? order.quantity,
      price: extra.price ?? order.price,
      order_id: order.order_id,
      strategy: order.strategy,
      correlation_id: extra.correlationId,
      metadata: JSON.stringify(extra.metadata),
    })
    .execute();
}

export function getOrder(db: Kysely<Database>, orderId: string): Promise<Order | undefined> {
  return db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}

export interface OrdersInFlightQuery {
  /** Only orders created before this instant (leave the newest to the worker placing them). */
  createdBefore?: Date;
  /** Default 1,000. */
  limit?: number;
}

/** Orders pending, submitted or partially filled, oldest first: what reconciliation asks the broker about. */
export function ordersInFlight(db: Kysely<Database>, query: OrdersInFlightQuery = {}): Promise<Order[]> {
  let q = db.selectFrom('orders').selectAll().where('status', 'in', [...IN_FLIGHT_STATUSES]);
  if (query.createdBefore !== undefined) q = q.where('created_at', '<', query.createdBefore);
  return q.orderBy('created_at').orderBy('id').limit(query.limit ?? 1_000).execute();
}

/** Creation times of orders sent or about to be sent (not risk refusals) since `since`: the orders-per-minute window. */
export async function orderTimesSince(db: Kysely<Database>, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('orders')
    .select('created_at')
    .where('created_at', '>', since)
    .where('status', '!=', 'rejected')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.created_at);
}

/** Signed shares still open (quantity − filled) per symbol over in-flight orders, optionally of one strategy. */
export async function openOrderQuantities(db: Kysely<Database>, query: { strategy?: string } = {}): Promise<Map<string, number>> {
  let q = db
    .selectFrom('orders')
    .select(['symbol', sql<number>`SUM(CASE WHEN side = 'buy' THEN quantity - filled_quantity ELSE filled_quantity - quantity END)::bigint`.as('open')])
    .where('status', 'in', [...IN_FLIGHT_STATUSES])
    .groupBy('symbol');
  if (query.strategy !== undefined) q = q.where('strategy', '=', query.strategy);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.symbol, Number(r.open)]));
}

export interface ListOrdersQuery {
  status?: OrderStatus;
  symbol?: string;
  /** Default 50. */
  limit?: number;
}

/** The newest orders first. */
export function listOrders(db: Kysely<Database>, query: ListOrdersQuery = {}): Promise<Order[]> {
  let q = db.selectFrom('orders').selectAll();
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.symbol !== undefined) q = q.where('symbol', '=', query.symbol);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 50).execute();
}

export interface OrdersPageQuery extends PageQuery {
  status?: OrderStatus;
  symbol?: string;
  correlationId?: string;
}

/** Orders created in [from, to), newest first, one page (what the HTTP API lists). */
export function ordersPage(db: Kysely<Database>, query: OrdersPageQuery): Promise<Order[]> {
  let q = db.selectFrom('orders').selectAll();
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.symbol !== undefined) q = q.where('symbol', '=', query.symbol);
  if (query.correlationId !== undefined) q = q.where('correlation_id', '=', query.correlationId);
  if (query.from !== undefined) q = q.where('created_at', '>=', query.from);
  if (query.to !== undefined) q = q.where('created_at', '<', query.to);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset ?? 0).execute();
}
