import type { Generated, Selectable } from 'kysely';
import type { DefaultTimestamp } from './column-types.ts';

export interface StockInfoTable {
  id: Generated<number>;
  symbol: string;
  company_name: string | null;
  sector: string | null;
  industry: string | null;
  market_cap: number | null;
  country: string | null;
  currency: string | null;
  exchange: string | null;
  source: Generated<string>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type StockInfo = Selectable<StockInfoTable>;
