import type { Kysely } from 'kysely';
import { bulkUpsert, type BulkUpsertResult } from '../bulk/bulk-upsert.ts';
import type { Database } from '../schema/database.ts';

export interface StockInfoInput {
  symbol: string;
  company_name?: string | null;
  sector?: string | null;
  industry?: string | null;
  market_cap?: number | null;
  country?: string | null;
  currency?: string | null;
  exchange?: string | null;
  /** Defaults to 'yahoo'. */
  source?: string;
}

const STOCK_INFO_COLUMNS = [
  'symbol', 'company_name', 'sector', 'industry', 'market_cap', 'country', 'currency', 'exchange', 'source',
] as const;

/** Inserts or refreshes symbol metadata, one row per symbol (updated_at moves only on a real change). */
export function upsertStockInfo(db: Kysely<Database>, infos: readonly StockInfoInput[]): Promise<BulkUpsertResult> {
  return bulkUpsert(db, {
    table: 'stock_info',
    columns: STOCK_INFO_COLUMNS,
    conflictColumns: ['symbol'],
    defaults: { source: 'yahoo' },
    rows: infos,
  });
}
