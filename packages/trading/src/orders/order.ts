// Field names are the `orders` columns (packages/db/src/schema/orders.ts), so the service writes a
// row without renaming. Times are epoch milliseconds: the caller passes time in, nothing here reads
// a clock, and the backtest compares numbers instead of Dates.

export type OrderSide = 'buy' | 'sell';
/** The subset of the `order_type` column this package can decide and simulate. */
export type OrderType = 'market' | 'limit';

/**
 * `expired` is not yet allowed by the `orders_status_valid` CHECK of the first trading migration;
 * the service's migration adds it.
 */
export const ORDER_STATUSES = ['pending', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export interface OrderState {
  readonly order_id: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Whole shares, > 0 (INTEGER column). */
  readonly quantity: number;
  readonly order_type: OrderType;
  /** Limit price for a limit order, null for a market order. */
  readonly price: number | null;
  readonly status: OrderStatus;
  readonly strategy: string | null;
  readonly model_id: string | null;
  readonly correlation_id: string | null;
  readonly created_at: number;
  readonly updated_at: number;
  /** Derived from the order's fills (not a column): shares filled so far. */
  readonly filled_quantity: number;
  /** Derived from the order's fills: volume-weighted fill price, null before the first fill. */
  readonly average_fill_price: number | null;
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function remainingQuantity(order: OrderState): number {
  return order.quantity - order.filled_quantity;
}
