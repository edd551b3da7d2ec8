import { createHash } from 'node:crypto';
import type { BrokerFill, BrokerOrder, OrderSide } from '../broker.ts';
import { mapAlpacaStatus } from './alpaca-order-status.ts';

/** A 2xx body that is not the documented shape. The caller turns it into a retryable error. */
export class AlpacaShapeError extends Error {
  override readonly name = 'AlpacaShapeError';
}

/**
 * One Alpaca order object (`POST /v2/orders`, `GET /v2/orders:by_client_order_id`,
 * `GET /v2/orders/{id}`). Quantities and prices are decimal strings (`"10"`, `"187.23"`);
 * `filled_avg_price` is null before the first fill.
 */
export function parseAlpacaOrder(json: unknown): BrokerOrder {
  const o = record(json, 'order');
  const quantity = decimal(o['qty'], 'order qty');
  const filledQuantity = decimal(o['filled_qty'] ?? '0', 'order filled_qty');
  const brokerStatus = text(o['status'], 'order status');
  return {
    brokerOrderId: text(o['id'], 'order id'),
    clientOrderId: text(o['client_order_id'], 'order client_order_id'),
    symbol: text(o['symbol'], 'order symbol'),
    side: side(o['side'], 'order side'),
    quantity,
    type: text(o['type'] ?? o['order_type'], 'order type'),
    limitPrice: o['limit_price'] == null ? null : decimal(o['limit_price'], 'order limit_price'),
    timeInForce: text(o['time_in_force'], 'order time_in_force'),
    status: mapAlpacaStatus(brokerStatus, filledQuantity, quantity),
    brokerStatus,
    filledQuantity,
    averageFillPrice: o['filled_avg_price'] == null ? null : decimal(o['filled_avg_price'], 'order filled_avg_price'),
    submittedAt: optionalTime(o['submitted_at'], 'order submitted_at'),
    updatedAt: optionalTime(o['updated_at'], 'order updated_at'),
  };
}

/** One FILL activity from `GET /v2/account/activities/FILL`, before its client order id is known. */
export type AlpacaFill = Omit<BrokerFill, 'clientOrderId'>;

/**
 * A page of `GET /v2/account/activities/FILL`:
 * `[{ id: "20241204150102123::<uuid>", activity_type: "FILL", type: "fill"|"partial_fill",
 *    transaction_time, symbol, side, qty, price, cum_qty, leaves_qty, order_id, order_status }]`.
 */
export function parseAlpacaFills(json: unknown): AlpacaFill[] {
  if (!Array.isArray(json)) throw new AlpacaShapeError('activities body is not an array');
  return json.map((raw: unknown, index) => {
    const a = record(raw, `activity ${index}`);
    const id = text(a['id'], `activity ${index} id`);
    const quantity = decimal(a['qty'], `activity ${id} qty`);
    const price = decimal(a['price'], `activity ${id} price`);
    if (quantity <= 0 || price <= 0) throw new AlpacaShapeError(`activity ${id} has a non-positive qty or price`);
    return {
      fillId: fillIdFor(id),
      brokerFillId: id,
      brokerOrderId: text(a['order_id'], `activity ${id} order_id`),
      symbol: text(a['symbol'], `activity ${id} symbol`),
      side: side(a['side'], `activity ${id} side`),
      quantity,
      price,
      timestamp: requiredTime(a['transaction_time'], `activity ${id} transaction_time`),
    };
  });
}

/**
 * `fills.fill_id` is VARCHAR(50) and Alpaca's activity ids run to 55 characters
 * (`<17 digits>::<uuid>`), so the id is a hash of the activity id: the same execution always yields
 * the same fill id, whichever read or replica sees it first.
 */
export function fillIdFor(activityId: string): string {
  return `alpaca-${createHash('sha256').update(activityId).digest('hex').slice(0, 40)}`;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AlpacaShapeError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new AlpacaShapeError(`${what} is missing`);
  return value;
}

function side(value: unknown, what: string): OrderSide {
  // Alpaca reports short sales as `sell_short` on activities; for our ledger it is a sell.
  if (value === 'buy') return 'buy';
  if (value === 'sell' || value === 'sell_short') return 'sell';
  throw new AlpacaShapeError(`${what} is ${JSON.stringify(value)}, not buy or sell`);
}

/** Alpaca sends decimals as strings; numbers are accepted too (older API versions did). */
function decimal(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new AlpacaShapeError(`${what} is not a decimal: ${JSON.stringify(value)}`);
  return n;
}

function optionalTime(value: unknown, what: string): Date | null {
  return value == null ? null : requiredTime(value, what);
}

function requiredTime(value: unknown, what: string): Date {
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new AlpacaShapeError(`${what} is not an RFC 3339 time`);
  return new Date(at);
}
