import { sql, type Kysely } from 'kysely';
import type { PageQuery } from './page-query.ts';
import { FillConflictError, InvalidTradingValueError, OrderNotFoundError, OverfillError } from '../errors/order-errors.ts';
import type { Database } from '../schema/database.ts';
import type { Fill } from '../schema/fills.ts';

export interface FillInput {
  /** Deterministic (the broker's execution id, or the paper broker's own). */
  fillId: string;
  orderId: string;
  quantity: number;
  price: number;
  /** Default 0. */
  commission?: number;
  timestamp: Date;
  correlationId?: string | null;
}

export interface RecordFillResult {
  /** False when this fill_id was recorded already (same order and values): nothing written. */
  inserted: boolean;
  fill: Fill;
  /** The order's filled quantity after this call. */
  filledQuantity: number;
  orderQuantity: number;
}

function checkFill(fill: FillInput): void {
  const what = `fill "${fill.fillId}"`;
  if (!Number.isSafeInteger(fill.quantity) || fill.quantity <= 0) throw new InvalidTradingValueError(what, 'quantity', fill.quantity, 'a positive whole number');
  if (!(Number.isFinite(fill.price) && fill.price > 0)) throw new InvalidTradingValueError(what, 'price', fill.price, 'finite and positive');
  const commission = fill.commission ?? 0;
  if (!(Number.isFinite(commission) && commission >= 0)) throw new InvalidTradingValueError(what, 'commission', commission, 'finite, zero or more');
  if (Number.isNaN(fill.timestamp.getTime())) throw new InvalidTradingValueError(what, 'timestamp', fill.timestamp, 'a valid date');
}

/**
 * Records one fill of an order. The order row is locked (SELECT … FOR UPDATE) for the rest of the
 * transaction, so concurrent fills of one order are checked one after the other: a fill that would
 * make the fills add up to more than the order's quantity raises OverfillError and writes
 * nothing. The same fill_id again is a no-op (inserted false). Keeps orders.filled_quantity and
 * average_fill_price in step; the status is transitionOrder's job.
 */
export async function recordFill(db: Kysely<Database>, input: FillInput): Promise<RecordFillResult> {
  checkFill(input);
  const run = async (trx: Kysely<Database>): Promise<RecordFillResult> => {
    const { rows } = await sql<{ symbol: string; quantity: number; filled_quantity: number }>`
      SELECT symbol, quantity, filled_quantity FROM orders WHERE order_id = ${input.orderId} FOR UPDATE`.execute(trx);
    const order = rows[0];
    if (!order) throw new OrderNotFoundError(input.orderId);

    const existing = await trx.selectFrom('fills').selectAll().where('fill_id', '=', input.fillId).executeTakeFirst();
    if (existing) {
      if (existing.order_id !== input.orderId) throw new FillConflictError(input.fillId, `for order "${existing.order_id}"`);
      if (existing.quantity !== input.quantity) throw new FillConflictError(input.fillId, `with quantity ${existing.quantity}`);
      return { inserted: false, fill: existing, filledQuantity: order.filled_quantity, orderQuantity: order.quantity };
    }
    if (order.filled_quantity + input.quantity > order.quantity) {
      throw new OverfillError(input.orderId, order.quantity, order.filled_quantity, input.quantity);
    }
    const fill = await trx
      .insertInto('fills')
      .values({
        fill_id: input.fillId,
        order_id: input.orderId,
        symbol: order.symbol,
        quantity: input.quantity,
        price: input.price,
        commission: input.commission ?? 0,
        timestamp: input.timestamp,
        correlation_id: input.correlationId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // The stored (rounded) price goes into the average, so it always equals the fills' own.
    const updated = await trx
      .updateTable('orders')
      .set({
        filled_quantity: sql<number>`filled_quantity + ${fill.quantity}`,
        average_fill_price: sql<number>`(COALESCE(average_fill_price, 0) * filled_quantity + ${fill.price}::numeric * ${fill.quantity}) / (filled_quantity + ${fill.quantity})`,
      })
      .where('order_id', '=', input.orderId)
      .where(sql<boolean>`filled_quantity + ${fill.quantity} <= quantity`)
      .returning(['filled_quantity', 'quantity'])
      .executeTakeFirstOrThrow();
    return { inserted: true, fill, filledQuantity: updated.filled_quantity, orderQuantity: updated.quantity };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** An order's fills in time order. */
export function fillsOfOrder(db: Kysely<Database>, orderId: string): Promise<Fill[]> {
  return db.selectFrom('fills').selectAll().where('order_id', '=', orderId).orderBy('timestamp').orderBy('id').execute();
}

export interface PositionsQuery {
  strategy?: string;
  symbols?: readonly string[];
  /** Only fills before this instant (positions as of a time). */
  until?: Date;
}

export interface PositionFromFills {
  symbol: string;
  /** Net shares: bought minus sold. */
  quantity: number;
  /** Net cash paid for them: buy notional minus sell notional (commission apart). */
  cost: number;
  commission: number;
  boughtQuantity: number;
  soldQuantity: number;
  fills: number;
  lastFillAt: Date;
}

/**
 * Net position per symbol, aggregated in SQL from the fills (the truth) joined to their orders'
 * side. Realised and unrealised P&L are computed from these by the trading package.
 */
export async function positionsFromFills(db: Kysely<Database>, query: PositionsQuery = {}): Promise<PositionFromFills[]> {
  if (query.symbols !== undefined && query.symbols.length === 0) return [];
  const signed = sql<number>`CASE WHEN o.side = 'buy' THEN f.quantity ELSE -f.quantity END`;
  let q = db
    .selectFrom('fills as f')
    .innerJoin('orders as o', 'o.order_id', 'f.order_id')
    .select([
      'f.symbol',
      sql<number>`SUM(${signed})::bigint`.as('quantity'),
      sql<number>`SUM(${signed} * f.price)`.as('cost'),
      sql<number>`SUM(f.commission)`.as('commission'),
      sql<number>`SUM(f.quantity) FILTER (WHERE o.side = 'buy')`.as('bought'),
      sql<number>`SUM(f.quantity) FILTER (WHERE o.side = 'sell')`.as('sold'),
      sql<number>`COUNT(*)`.as('fills'),
      sql<Date>`MAX(f.timestamp)`.as('last_fill_at'),
    ])
    .groupBy('f.symbol')
    .orderBy('f.symbol');
  if (query.strategy !== undefined) q = q.where('o.strategy', '=', query.strategy);
  if (query.symbols !== undefined) q = q.where('f.symbol', 'in', [...query.symbols]);
  if (query.until !== undefined) q = q.where('f.timestamp', '<', query.until);
  const rows = await q.execute();
  return rows.map((r) => ({
    symbol: r.symbol,
    quantity: Number(r.quantity),
    cost: Number(r.cost),
    commission: Number(r.commission),
    boughtQuantity: Number(r.bought ?? 0),
    soldQuantity: Number(r.sold ?? 0),
    fills: Number(r.fills),
    lastFillAt: r.last_fill_at,
  }));
}

export interface FillWithSide extends Fill {
  side: 'buy' | 'sell';
  strategy: string | null;
}

/** Every fill with its order's side and strategy, in time order: the input of P&L accounting. */
export async function fillsWithSide(db: Kysely<Database>, query: { strategy?: string } = {}): Promise<FillWithSide[]> {
  let q = db
    .selectFrom('fills as f')
    .innerJoin('orders as o', 'o.order_id', 'f.order_id')
    .selectAll('f')
    .select(['o.side', 'o.strategy'])
    .orderBy('f.timestamp')
    .orderBy('f.id');
  if (query.strategy !== undefined) q = q.where('o.strategy', '=', query.strategy);
  return q.execute();
}

export interface FillsPageQuery extends PageQuery {
  symbol?: string;
  orderId?: string;
}

/** Fills executed in [from, to), newest first, one page. */
export function fillsPage(db: Kysely<Database>, query: FillsPageQuery): Promise<Fill[]> {
  let q = db.selectFrom('fills').selectAll();
  if (query.symbol !== undefined) q = q.where('symbol', '=', query.symbol);
  if (query.orderId !== undefined) q = q.where('order_id', '=', query.orderId);
  if (query.from !== undefined) q = q.where('timestamp', '>=', query.from);
  if (query.to !== undefined) q = q.where('timestamp', '<', query.to);
  return q.orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset ?? 0).execute();
}
