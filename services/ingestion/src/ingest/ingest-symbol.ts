import type { Database } from '@mltrading/db';
import type { Interval } from '@mltrading/queues';
import type { Kysely } from 'kysely';
import type { MarketDataSource } from '../sources/market-data-source.ts';
import { summarizeRejections, validateBars, type BarRejectionReason } from '../validation/validate-bars.ts';
import { MAX_STORABLE_PRICE, toStoragePrecision } from './storage-precision.ts';
import { storeBars, type StoredChange } from './store-bars.ts';

export interface SymbolIngest {
  readonly symbol: string;
  readonly fetched: number;
  readonly rejected: Partial<Record<BarRejectionReason | 'price_out_of_range', number>>;
  readonly rejectionSamples: readonly string[];
  readonly stored: StoredChange;
}

/** Fetch → validate → store one symbol's bars for one range. Source failures propagate as SourceError. */
export async function ingestSymbol(
  db: Kysely<Database>,
  input: {
    source: MarketDataSource;
    symbol: string;
    interval: Interval;
    range: { start: Date; end: Date };
    now: Date;
    correlationId: string;
  },
): Promise<SymbolIngest> {
  const raw = await input.source.fetchBars({ symbol: input.symbol, interval: input.interval, ...input.range });
  const { bars, rejections } = validateBars(input.symbol, raw, { now: input.now, interval: input.interval });
  const rejected: SymbolIngest['rejected'] = { ...nonZero(summarizeRejections(rejections)) };
  const samples = rejections.slice(0, 5).map((r) => `${r.timestamp === null ? '?' : new Date(r.timestamp).toISOString()} ${r.reason}: ${r.detail}`);

  // A price the DECIMAL(10,4) column cannot hold would abort the whole batch; refuse that bar alone.
  const storable = [];
  for (const bar of bars) {
    if (Math.max(bar.open, bar.high, bar.low, bar.close) > MAX_STORABLE_PRICE) {
      rejected.price_out_of_range = (rejected.price_out_of_range ?? 0) + 1;
      samples.push(`${new Date(bar.timestamp).toISOString()} price_out_of_range: above ${MAX_STORABLE_PRICE}`);
      continue;
    }
    storable.push(toStoragePrecision(bar));
  }

  const stored = await storeBars(db, {
    symbol: input.symbol,
    source: input.source.name,
    bars: storable,
    correlationId: input.correlationId,
  });
  return { symbol: input.symbol, fetched: raw.length, rejected, rejectionSamples: samples.slice(0, 5), stored };
}

function nonZero<K extends string>(counts: Record<K, number>): Partial<Record<K, number>> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => (n as number) > 0)) as Partial<Record<K, number>>;
}
