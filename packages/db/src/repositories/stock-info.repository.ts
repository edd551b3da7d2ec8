import { sql, type Kysely } from 'kysely';
import type { StockInfo } from '../schema/stock-info.ts';
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

/** A stored row's source and whether it was checked within the given age. */
export interface StockInfoFreshness {
  symbol: string;
  source: string;
  fresh: boolean;
}

/** For the symbols that have a row: its source and whether `updated_at` is younger than `maxAgeDays`. */
export function stockInfoFreshness(db: Kysely<Database>, symbols: readonly string[], maxAgeDays: number): Promise<StockInfoFreshness[]> {
  if (symbols.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('stock_info')
    .select(['symbol', 'source'])
    .select(sql<boolean>`updated_at > now() - make_interval(days => ${maxAgeDays})`.as('fresh'))
    .where('symbol', 'in', [...symbols])
    .execute();
}

/** Sets `updated_at` to now for these symbols: checked with the provider, even when nothing changed. */
export async function markStockInfoChecked(db: Kysely<Database>, symbols: readonly string[]): Promise<void> {
  if (symbols.length === 0) return;
  await db
    .updateTable('stock_info')
    .set({ updated_at: sql<Date>`now()` })
    .where('symbol', 'in', [...symbols])
    .execute();
}

/** Removes made-up (synthetic) metadata rows of these symbols; a provider's row is never touched. */
export async function deleteSyntheticStockInfo(db: Kysely<Database>, symbols: readonly string[]): Promise<void> {
  if (symbols.length === 0) return;
  await db.deleteFrom('stock_info').where('symbol', 'in', [...symbols]).where('source', '=', 'synthetic').execute();
}

export interface StockInfoPageQuery {
  limit: number;
  offset?: number;
  /** Only this symbol. */
  symbol?: string;
  sector?: string;
  exchange?: string;
}

/** Symbol metadata in symbol order, one page. */
export function stockInfoPage(db: Kysely<Database>, query: StockInfoPageQuery): Promise<StockInfo[]> {
  let q = db.selectFrom('stock_info').selectAll();
  if (query.symbol !== undefined) q = q.where('symbol', '=', query.symbol);
  if (query.sector !== undefined) q = q.where('sector', '=', query.sector);
  if (query.exchange !== undefined) q = q.where('exchange', '=', query.exchange);
  return q.orderBy('symbol').limit(query.limit).offset(query.offset ?? 0).execute();
}
