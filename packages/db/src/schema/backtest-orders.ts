import type { Generated, Insertable, Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';
import type { OrderSide, OrderStatus, OrderType } from './orders.ts';

/** Orders of a backtest run; times are simulated (bar) times, not wall-clock times. */
export interface BacktestOrdersTable {
  run_id: string;
  order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  order_type: Generated<OrderType>;
  price: number | null;
  status: OrderStatus;
  status_reason: string | null;
  filled_quantity: Generated<number>;
  average_fill_price: number | null;
  strategy: string | null;
  model_id: string | null;
  prediction_id: string | null;
  bar_timestamp: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type BacktestOrder = Selectable<BacktestOrdersTable>;
export type NewBacktestOrder = Insertable<BacktestOrdersTable>;
