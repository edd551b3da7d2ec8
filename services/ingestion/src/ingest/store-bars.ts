import { copyNewMarketData, upsertMarketData, type Database, type MarketBarInput } from '@mltrading/db';
import type { Kysely } from 'kysely';
import type { ValidBar } from '../validation/validate-bars.ts';

export interface StoredChange {
  /** Bars that were new or differed from the stored row. */
  readonly changed: number;
  /** Bar starts of the first and last changed bar; null when nothing changed. */
  readonly first: Date | null;
  readonly last: Date | null;
}

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
      const stored = await storedInRange(trx, symbol, source, bars);
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

/**
 * Per symbol, the bars in the given ranges that were stored or revised under this correlation id
 * (a changed row takes the id of the job that changed it): what every attempt of a job wrote,
 * including an earlier attempt that committed and then died before handing on.
 */
export async function barsWrittenUnder(
  db: Kysely<Database>,
  { source, correlationId, ranges }: { source: string; correlationId: string; ranges: ReadonlyMap<string, { start: Date; end: Date }> },
): Promise<Map<string, StoredChange>> {
  if (ranges.size === 0) return new Map();
  const all = [...ranges.values()];
  const rows = await db
    .selectFrom('market_data')
    .select(['symbol', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('timestamp').as('first'), (eb) => eb.fn.max('timestamp').as('last')])
    .where('symbol', 'in', [...ranges.keys()])
    .where('source', '=', source)
    .where('correlation_id', '=', correlationId)
    .where('timestamp', '>=', new Date(Math.min(...all.map((r) => r.start.getTime()))))
    .where('timestamp', '<', new Date(Math.max(...all.map((r) => r.end.getTime()))))
    .groupBy('symbol')
    .execute();
  return new Map(rows.map((row) => [row.symbol, { changed: Number(row.n), first: row.first, last: row.last }]));
}

type StoredBar = Pick<ValidBar, 'open' | 'high' | 'low' | 'close' | 'volume'>;

async function storedInRange(db: Kysely<Database>, symbol: string, source: string, bars: readonly ValidBar[]): Promise<Map<number, StoredBar>> {
  const rows = await db
    .selectFrom('market_data')
    .select(['timestamp', 'open', 'high', 'low', 'close', 'volume'])
    .where('symbol', '=', symbol)
    .where('source', '=', source)
    .where('timestamp', '>=', new Date(bars[0]!.timestamp))
    .where('timestamp', '<=', new Date(bars[bars.length - 1]!.timestamp))
    .execute();
  return new Map(rows.map((row) => [row.timestamp.getTime(), row as StoredBar]));
}

function differs(row: StoredBar | undefined, bar: ValidBar): boolean {
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
