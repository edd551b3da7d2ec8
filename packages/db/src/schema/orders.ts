import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp } from './column-types.ts';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type OrderStatus = 'pending' | 'submitted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';

export interface OrdersTable {
  id: Generated<number>;
  order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  order_type: Generated<OrderType>;
  price: number | null;
  status: Generated<OrderStatus>;
  strategy: string | null;
  model_id: string | null;
  correlation_id: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
