import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './column-types.ts';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type OrderStatus =
  | 'pending'
  | 'submitted'
  | 'partially_filled'
  | 'filled'
  | 'cancelled'
  | 'rejected'
  | 'expired';
export type TimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';

export interface OrdersTable {
  id: Generated<number>;
  /** Our deterministic client order id (sent to the broker as its client_order_id). */
  order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  order_type: Generated<OrderType>;
  /** Limit price of limit and stop-limit orders. */
  price: number | null;
  status: Generated<OrderStatus>;
  strategy: string | null;
  model_id: string | null;
  correlation_id: string | null;
  /** Sum of the order's fills, kept with them under a row lock; never above quantity. */
  filled_quantity: Generated<number>;
  average_fill_price: number | null;
  /** Why the order was rejected, cancelled or expired. */
  status_reason: string | null;
  broker_order_id: string | null;
  submitted_at: Timestamp | null;
  prediction_id: string | null;
  interval: string | null;
  /** Start of the bar the decision was made on. */
  bar_timestamp: Timestamp | null;
  time_in_force: Generated<TimeInForce>;
  expires_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
