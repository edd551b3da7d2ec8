import { MAX_STORABLE_PRICE, MAX_STORABLE_VOLUME, MIN_STORABLE_PRICE, toStoragePrecision } from '@mltrading/db';
import type { Interval } from '@mltrading/queues';
import type { MarketDataSource } from '../sources/market-data-source.ts';
import { summarizeRejections, validateBars, type BarRejectionReason, type ValidBar } from '../validation/validate-bars.ts';

export interface FetchedSymbol {
  readonly symbol: string;
  readonly fetched: number;
  /** Valid bars at storage precision, in time order. */
  readonly bars: ValidBar[];
  readonly rejected: Partial<Record<BarRejectionReason | 'price_out_of_range' | 'volume_out_of_range', number>>;
  readonly rejectionSamples: readonly string[];
  /** Bars without any value (intervals without trades): skipped, not bad data. */
  readonly empty: number;
  /** Intraday bars outside the regular session dropped by `INGEST_EXTENDED_HOURS=drop`. */
  readonly outsideSession: number;
}

/** Fetch → validate one symbol's bars for one range. Source failures propagate as SourceError. */
export async function fetchSymbol(input: {
  source: MarketDataSource;
  symbol: string;
  interval: Interval;
  range: { start: Date; end: Date };
  now: Date;
  /**
   * Keeps only bars this accepts (the regular session, for `INGEST_EXTENDED_HOURS=drop`); the
   * caller passes none for daily bars, whose timestamps mark a day, not a time of it.
   */
  inSession?: (timestampMs: number) => boolean;
}): Promise<FetchedSymbol> {
  const raw = await input.source.fetchBars({ symbol: input.symbol, interval: input.interval, ...input.range });
  const { bars: valid, rejections, empty } = validateBars(input.symbol, raw, { now: input.now, interval: input.interval });
  const inSession = input.inSession;
  const bars = inSession === undefined ? valid : valid.filter((bar) => inSession(bar.timestamp));
  const rejected: FetchedSymbol['rejected'] = { ...nonZero(summarizeRejections(rejections)) };
  const samples = rejections.slice(0, 5).map((r) => `${r.timestamp === null ? '?' : new Date(r.timestamp).toISOString()} ${r.reason}: ${r.detail}`);

  // A value the columns cannot hold (a price beyond DECIMAL(10,4) or so small it rounds to 0 and
  // breaks the table's CHECK, a volume beyond what a double counts exactly) would abort the whole
  // batch; refuse that bar alone.
  const storable: ValidBar[] = [];
  for (const bar of bars) {
    const problem =
      Math.max(bar.open, bar.high, bar.low, bar.close) > MAX_STORABLE_PRICE ? (['price_out_of_range', `above ${MAX_STORABLE_PRICE}`] as const)
      : Math.min(bar.open, bar.high, bar.low, bar.close) < MIN_STORABLE_PRICE ? (['price_out_of_range', `below ${MIN_STORABLE_PRICE}, stored as 0`] as const)
      : bar.volume > MAX_STORABLE_VOLUME ? (['volume_out_of_range', `above ${MAX_STORABLE_VOLUME}`] as const)
      : null;
    if (problem !== null) {
      const [reason, detail] = problem;
      rejected[reason] = (rejected[reason] ?? 0) + 1;
      samples.push(`${new Date(bar.timestamp).toISOString()} ${reason}: ${detail}`);
      continue;
    }
    storable.push(toStoragePrecision(bar));
  }
  return {
    symbol: input.symbol,
    fetched: raw.length,
    bars: storable,
    rejected,
    rejectionSamples: samples.slice(0, 5),
    empty,
    outsideSession: valid.length - bars.length,
  };
}

function nonZero<K extends string>(counts: Record<K, number>): Partial<Record<K, number>> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => (n as number) > 0)) as Partial<Record<K, number>>;
}
