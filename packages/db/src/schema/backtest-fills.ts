import type { Generated, Insertable, Selectable } from 'kysely';
import type { Timestamp } from './column-types.ts';
import type { OrderSide } from './orders.ts';

export interface BacktestFillsTable {
  run_id: string;
  fill_id: string;
  order_id: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  price: number;
  commission: Generated<number>;
  timestamp: Timestamp;
}

export type BacktestFill = Selectable<BacktestFillsTable>;
export type NewBacktestFill = Insertable<BacktestFillsTable>;
