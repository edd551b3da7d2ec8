import { markStockInfoChecked, stockInfoFreshness, upsertStockInfo, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';
import type { MarketDataSource } from '../sources/market-data-source.ts';

/** Metadata changes rarely: refetch it when missing or not checked for this long (`updated_at`). */
const STOCK_INFO_MAX_AGE_DAYS = 7;

/**
 * Upserts `stock_info` for the symbols whose row is missing or stale. Metadata is best effort:
 * a failure here is logged by the caller and never costs the bars already stored.
 * `stock_info` has one row per symbol whatever its source, so made-up metadata (the synthetic
 * source) only fills a missing row or refreshes its own: it never replaces a provider's.
 */
export async function refreshStockInfo(
  db: Kysely<Database>,
  source: MarketDataSource,
  symbols: readonly string[],
): Promise<number> {
  if (symbols.length === 0) return 0;
  const stored = await stockInfoFreshness(db, symbols, STOCK_INFO_MAX_AGE_DAYS);
  const skip = new Set(
    stored.filter((row) => row.fresh || (source.name === 'synthetic' && row.source !== 'synthetic')).map((row) => row.symbol),
  );
  const infos = [];
  for (const symbol of symbols) {
    if (skip.has(symbol)) continue;
    const info = await source.fetchStockInfo(symbol);
    if (!info) continue;
    infos.push({
      symbol,
      company_name: info.companyName,
      sector: info.sector,
      industry: info.industry,
      market_cap: info.marketCap === null ? null : Math.round(info.marketCap),
      country: info.country,
      currency: info.currency,
      exchange: info.exchange,
      source: source.name,
    });
  }
  if (infos.length > 0) {
    await upsertStockInfo(db, infos);
    // The upsert leaves unchanged rows alone; marking them checked keeps the next ingests from
    // asking the provider again for a week.
    await markStockInfoChecked(
      db,
      infos.map((info) => info.symbol),
    );
  }
  return infos.length;
}
