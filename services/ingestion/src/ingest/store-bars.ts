import { copyNewMarketData, upsertMarketData, type Database } from '@mltrading/db';
import type { Kysely } from 'kysely';
import type { ValidBar } from '../validation/validate-bars.ts';

export interface StoredChange {
  /** Bars that were new or differed from the stored row. */
  readonly changed: number;
  readonly inserted: number;
  readonly updated: number;
  /** Bar starts of the first and last changed bar; null when nothing changed. */
  readonly first: Date | null;
  readonly last: Date | null;
}

/**
 * Writes the bars of one symbol that are new or differ from what is stored, and reports which
 * bars changed, so feature work is handed on for exactly that range. Comparing before writing
 * (one index range scan) is what lets a repeated or overlapping ingest enqueue nothing.
 */
export async function storeBars(
  db: Kysely<Database>,
  { symbol, source, bars, correlationId }: { symbol: string; source: string; bars: readonly ValidBar[]; correlationId: string },
): Promise<StoredChange> {
  if (bars.length === 0) return { changed: 0, inserted: 0, updated: 0, first: null, last: null };
  const stored = await db
    .selectFrom('market_data')
    .select(['timestamp', 'open', 'high', 'low', 'close', 'volume'])
    .where('symbol', '=', symbol)
    .where('source', '=', source)
    .where('timestamp', '>=', new Date(bars[0]!.timestamp))
    .where('timestamp', '<=', new Date(bars[bars.length - 1]!.timestamp))
    .execute();
  const byTime = new Map(stored.map((row) => [row.timestamp.getTime(), row]));
  const changed = bars.filter((bar) => {
    const row = byTime.get(bar.timestamp);
    return (
      !row ||
      row.open !== bar.open ||
      row.high !== bar.high ||
      row.low !== bar.low ||
      row.close !== bar.close ||
      row.volume !== bar.volume
    );
  });
  if (changed.length === 0) return { changed: 0, inserted: 0, updated: 0, first: null, last: null };

  // Nothing stored in the range (a backfill): one COPY straight into the table is the fast path.
  const write = stored.length === 0 ? copyNewMarketData : upsertMarketData;
  const { inserted, updated } = await write(
    db,
    changed.map((bar) => ({
      symbol,
      source,
      timestamp: new Date(bar.timestamp),
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      correlation_id: correlationId,
    })),
  );
  return {
    changed: changed.length,
    inserted,
    updated,
    first: new Date(changed[0]!.timestamp),
    last: new Date(changed[changed.length - 1]!.timestamp),
  };
}
