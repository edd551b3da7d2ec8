import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './column-types.ts';

export interface FillsTable {
  id: Generated<number>;
  fill_id: string;
  order_id: string;
  symbol: string;
  quantity: number;
  price: number;
  commission: Generated<number>;
  timestamp: Timestamp;
  correlation_id: string | null;
  created_at: DefaultTimestamp;
}

export type Fill = Selectable<FillsTable>;
export type NewFill = Insertable<FillsTable>;
export type FillUpdate = Updateable<FillsTable>;
