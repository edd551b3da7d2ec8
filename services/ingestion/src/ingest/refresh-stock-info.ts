import { deleteSyntheticStockInfo, markStockInfoChecked, stockInfoFreshness, upsertStockInfo, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';
import type { MarketDataSource } from '../sources/market-data-source.ts';
import { isSyntheticSymbol } from '../sources/synthetic/synthetic-source.ts';

/** Metadata changes rarely: refetch it when missing or not checked for this long (`updated_at`). */
const STOCK_INFO_MAX_AGE_DAYS = 7;

export interface StockInfoRefresh {
  /** Symbols whose row was written or confirmed. */
  readonly refreshed: readonly string[];
  /** Symbols the source has no metadata for (unknown to quoteSummary, a source without any, …). */
  readonly none: readonly string[];
}

/**
 * Upserts `stock_info` for the symbols whose row is missing or stale. Metadata is best effort:
 * a failure here is logged by the caller and never costs the bars already stored.
 * `stock_info` has one row per symbol whatever its source, so made-up metadata (the synthetic
 * source) only fills a missing row or refreshes its own: it never replaces a provider's, and a
 * provider replaces a made-up row at once, however fresh. The synthetic source invents metadata
 * for its own namespace only; a made-up row it finds under any other symbol (left by an earlier
 * version, which described real tickers as made-up companies) is deleted.
 */
export async function refreshStockInfo(
  db: Kysely<Database>,
  source: MarketDataSource,
  symbols: readonly string[],
): Promise<StockInfoRefresh> {
  if (symbols.length === 0) return { refreshed: [], none: [] };
  const synthetic = source.name === 'synthetic';
  const stored = await stockInfoFreshness(db, symbols, STOCK_INFO_MAX_AGE_DAYS);
  const storedSource = new Map(stored.map((row) => [row.symbol, row.source]));
  const skip = new Set(
    stored
      .filter((row) =>
        synthetic
          ? row.source !== 'synthetic' || (row.fresh && isSyntheticSymbol(row.symbol))
          : row.fresh && row.source !== 'synthetic',
      )
      .map((row) => row.symbol),
  );
  const infos = [];
  const none: string[] = [];
  const madeUpLeftovers: string[] = [];
  for (const symbol of symbols) {
    if (skip.has(symbol)) continue;
    const info = await source.fetchStockInfo(symbol);
    if (!info) {
      none.push(symbol);
      if (synthetic && storedSource.get(symbol) === 'synthetic') madeUpLeftovers.push(symbol);
      continue;
    }
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
  if (madeUpLeftovers.length > 0) {
    await deleteSyntheticStockInfo(db, madeUpLeftovers);
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
  return { refreshed: infos.map((info) => info.symbol), none };
}
