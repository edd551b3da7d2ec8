import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './column-types.ts';

/** One OHLCV bar per symbol, bar start (UTC instant) and source. */
export interface MarketDataTable {
  id: Generated<number>;
  symbol: string;
  timestamp: Timestamp;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
  source: Generated<string>;
  correlation_id: string | null;
  created_at: DefaultTimestamp;
}

export type MarketBar = Selectable<MarketDataTable>;
export type NewMarketBar = Insertable<MarketDataTable>;
export type MarketBarUpdate = Updateable<MarketDataTable>;
