import { copyNewMarketData, storedBarsInRange, upsertMarketData, type BarsWritten, type BarValues, type Database, type MarketBarInput } from '@mltrading/db';
import type { Kysely } from 'kysely';
import type { ValidBar } from '../validation/validate-bars.ts';

/** Bars that were new or differed from the stored row, with the first and last of them (null when none). */
export type StoredChange = BarsWritten;

export interface SymbolBars {
  readonly symbol: string;
  /** Valid bars in time order, at storage precision. */
  readonly bars: readonly ValidBar[];
}

/**
 * Writes, in one transaction, the bars of several symbols that are new or differ from what is
 * stored, and reports per symbol which bars changed, so feature work is handed on for exactly that
 * range. Comparing before writing (one index range scan per symbol) is what lets a repeated or
 * overlapping ingest write and enqueue nothing. Symbols with nothing stored in their range (a
 * backfill) go into one COPY straight into the table; the others through the merging upsert.
 */
export async function storeBars(
  db: Kysely<Database>,
  { source, items, correlationId }: { source: string; items: readonly SymbolBars[]; correlationId: string },
): Promise<Map<string, StoredChange>> {
  const changes = new Map<string, StoredChange>();
  if (items.every((item) => item.bars.length === 0)) return changes;
  await db.transaction().execute(async (trx) => {
    const fresh: MarketBarInput[] = [];
    const revised: MarketBarInput[] = [];
    for (const { symbol, bars } of items) {
      if (bars.length === 0) continue;
      const stored = await storedBarsInRange(trx, { symbol, source, from: new Date(bars[0]!.timestamp), through: new Date(bars[bars.length - 1]!.timestamp) });
      const changed = bars.filter((bar) => differs(stored.get(bar.timestamp), bar));
      if (changed.length === 0) continue;
      changes.set(symbol, {
        changed: changed.length,
        first: new Date(changed[0]!.timestamp),
        last: new Date(changed[changed.length - 1]!.timestamp),
      });
      const target = stored.size === 0 ? fresh : revised;
      for (const bar of changed) target.push(toRow(symbol, source, bar, correlationId));
    }
    if (fresh.length > 0) await copyNewMarketData(trx, fresh);
    if (revised.length > 0) await upsertMarketData(trx, revised);
  });
  return changes;
}

function differs(row: BarValues | undefined, bar: ValidBar): boolean {
  return (
    !row || row.open !== bar.open || row.high !== bar.high || row.low !== bar.low || row.close !== bar.close || row.volume !== bar.volume
  );
}

function toRow(symbol: string, source: string, bar: ValidBar, correlationId: string): MarketBarInput {
  return {
    symbol,
    source,
    timestamp: new Date(bar.timestamp),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    correlation_id: correlationId,
  };
}
