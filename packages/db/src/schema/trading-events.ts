import type { Generated, Insertable, Selectable } from 'kysely';
import type { DefaultTimestamp, Json } from './column-types.ts';

export interface TradingEventsTable {
  id: Generated<number>;
  timestamp: DefaultTimestamp;
  event_type: string;
  symbol: string | null;
  side: string | null;
  quantity: number | null;
  price: number | null;
  order_id: string | null;
  strategy: string | null;
  correlation_id: string | null;
  metadata: Json;
  created_at: DefaultTimestamp;
}

export type TradingEvent = Selectable<TradingEventsTable>;
export type NewTradingEvent = Insertable<TradingEventsTable>;
