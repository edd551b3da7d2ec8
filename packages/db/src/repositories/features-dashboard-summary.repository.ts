import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

export interface SymbolSummary {
  symbol: string;
  latest_timestamp: Date | null;
  total_records: number;
  latest_version: string | null;
  rsi_coverage: number | null;
  ma_coverage: number | null;
  company_name: string | null;
  sector: string | null;
  exchange: string | null;
}

/**
 * Symbols with features in the last 90 days, from `mv_features_dashboard_summary` (as of its last
 * refresh) with their stock_info names, in symbol order, one page.
 */
export function symbolSummaryPage(db: Kysely<Database>, query: { limit: number; offset?: number }): Promise<SymbolSummary[]> {
  return db
    .selectFrom('mv_features_dashboard_summary as s')
    .leftJoin('stock_info as i', 'i.symbol', 's.symbol')
    .select(['s.symbol', 's.latest_timestamp', 's.total_records', 's.latest_version', 's.rsi_coverage', 's.ma_coverage', 'i.company_name', 'i.sector', 'i.exchange'])
    .orderBy('s.symbol')
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .execute() as Promise<SymbolSummary[]>;
}
